"""A member answers staff's request for more about their sampled declaration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careermanager.core.access import owned_or_404
from careermanager.core.forms import apply_errors, posted
from careermanager.documents.views import upload_page
from careermanager.review import services
from careermanager.review.apps import REPLY_DOCUMENT
from careermanager.review.forms import ReplyForm
from careermanager.review.models import CaseStatus, MonitoringCase
from careermanager.review.source import source


@require_http_methods(["GET", "POST"])
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    case = owned_or_404(MonitoringCase.objects.prefetch_related("entries"), request.user, pk=pk)
    back = source().member_url(case.declaration_id)
    if not case.awaits_reply:
        messages.info(request, "There is no request for more information to answer.")
        return redirect(back)
    form = ReplyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reply(case=case, text=form.cleaned_data["text"], actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your reply has been sent to our staff.")
            return redirect(back)
    return render(request, "review/reply.html", {"case": case, "form": form, "back": back})


@require_http_methods(["GET", "POST"])
@login_required
def reply_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload, or replace, the file that goes with the member's reply while staff ask for more."""
    case = owned_or_404(MonitoringCase.objects.all(), request.user, pk=pk)
    back = source().member_url(case.declaration_id)
    if case.status != CaseStatus.NEEDS_MORE:
        messages.info(request, "Files can be added only while our staff ask for more information.")
        return redirect(back)
    return upload_page(
        request,
        holder=case,
        type_key=REPLY_DOCUMENT,
        back_url=back,
        back_label="Back to your declaration",
        layout="review/layout.html",
    )
