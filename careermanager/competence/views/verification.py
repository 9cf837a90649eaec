"""The member's side of verification: asking a mentor or line manager, and revoking links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.competence import services
from careermanager.competence.forms import VerificationRequestForm
from careermanager.competence.queries import assessment_view
from careermanager.competence.views.common import owned_assessment
from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted
from careermanager.core.models import GuestTicket
from careermanager.core.tickets import default_days


@require_safe
@login_required
def verification_list(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    tickets = GuestTicket.objects.for_target(assessment).annotate(
        comment_count=Count("competence_comments")
    )
    return render(
        request,
        "competence/verification_list.html",
        {"assessment": assessment, "tickets": tickets},
    )


@require_http_methods(["GET", "POST"])
@login_required
def verification_new(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = VerificationRequestForm(posted(request), member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                ticket = services.verification_request(
                    assessment=assessment,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    message=form.cleaned_data["message"],
                    actor=request.user,
                )
                submission.leads_to(reverse("competence:verification-list", args=[assessment.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            expires = timezone.localtime(ticket.expires_at)
            messages.success(
                request,
                f"We have emailed a link to {ticket.guest_name} ({ticket.guest_email}). "
                f"It works until {expires:%-d %B %Y} unless you revoke it.",
            )
            return redirect("competence:verification-list", pk=assessment.pk)
    view = assessment_view(assessment, comments=False)
    return render(
        request,
        "competence/verification_new.html",
        {"assessment": assessment, "form": form, "view": view, "days": default_days()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def verification_revoke(request: HttpRequest, pk: int, ticket_pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    ticket = get_object_or_404(GuestTicket.objects.for_target(assessment), pk=ticket_pk)
    return confirm_then(
        request,
        template="competence/verification_revoke.html",
        context={
            "assessment": assessment,
            "ticket": ticket,
            "comment_count": ticket.competence_comments.count(),
        },
        act=lambda: services.verification_revoke(
            assessment=assessment, ticket=ticket, actor=request.user
        ),
        done=f"{ticket.guest_name}'s link no longer opens your assessment.",
        next_url=reverse("competence:verification-list", args=[assessment.pk]),
    )
