"""Staff find a member and keep their membership details; members get a 404 here."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.access import staff_required
from careermanager.core.forms import posted
from careermanager.profiles import services
from careermanager.profiles.forms import MemberSearchForm, MembershipDetailsForm
from careermanager.profiles.models import MembershipDetails


@require_safe
@staff_required
def member_search(request: HttpRequest) -> HttpResponse:
    form = MemberSearchForm(request.GET or None)
    members = (
        get_user_model().objects.select_related("membership_details").order_by("full_name", "email")
    )
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
    if query:
        members = members.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(membership_details__membership_number__iexact=query)
        )
    page = Paginator(members, 25).get_page(request.GET.get("page"))
    return render(
        request, "profiles/staff/member_search.html", {"form": form, "page": page, "query": query}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=pk)
    details = MembershipDetails.objects.owned_by(member).first() or MembershipDetails(owner=member)
    form = MembershipDetailsForm(posted(request), instance=details)
    if request.method == "POST" and form.is_valid():
        services.membership_details_save(details=form.instance, actor=request.user)
        messages.success(request, f"Membership details of {member.display_name} have been saved.")
        return redirect("profiles:staff-members")
    return render(
        request,
        "profiles/staff/membership_edit.html",
        {"form": form, "member": member, "details": details},
    )
