"""Deleting one's account: what the institution keeps, re-authentication, then sign-out."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import posted
from careermanager.portability.deletion import account_delete, kept_records
from careermanager.portability.forms import DeleteAccountForm


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        return redirect("portability:deleted")
    return render(
        request,
        "portability/delete_account.html",
        {"form": form, "kept": kept_records(request.user)},
    )


@require_safe
def deleted(request: HttpRequest) -> HttpResponse:
    """Said after the account has gone, to whoever is there (they are signed out)."""
    return render(request, "portability/deleted.html")
