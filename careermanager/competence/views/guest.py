"""The verifier's side: an emailed link opens one assessment, read-only, for comments.

Nothing here needs an account. The link's GET only shows a confirmation; its POST opens a
guest session scoped to that one assessment (core/tickets.py). Every other guest page
reads the assessment from that session, never from the URL, so no other object can be
reached through it.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.competence import services
from careermanager.competence.forms import CommentForm
from careermanager.competence.models import Assessment, CompetenceAssessment, VerificationComment
from careermanager.competence.queries import assessment_view
from careermanager.competence.views.common import competence_of
from careermanager.core import tickets
from careermanager.core.models import GuestTicket

# Guests' pages are never cached or indexed, and never sent on as a referrer.
_PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _private(response: HttpResponse) -> HttpResponse:
    for header, value in _PRIVATE_HEADERS.items():
        response[header] = value
    return response


def _refuse(request: HttpRequest, ticket: GuestTicket | None) -> HttpResponse:
    """Explain why a link does not work: 404 for an unknown one, 410 for an ended one."""
    status = 404 if ticket is None else 410
    return _private(
        render(request, "competence/guest_invalid.html", {"ticket": ticket}, status=status)
    )


def _no_session(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "competence/guest_no_session.html", status=404))


def _session(request: HttpRequest) -> tuple[GuestTicket, Assessment] | None:
    return tickets.guest_session_target(
        request, Assessment.objects.select_related("framework", "owner")
    )


@require_http_methods(["GET", "POST"])
def guest_start(request: HttpRequest, token: str) -> HttpResponse:
    ticket = tickets.ticket_lookup(token)
    assessment_type = ContentType.objects.get_for_model(Assessment)
    if ticket is None or ticket.target_type_id != assessment_type.pk:
        return _refuse(request, None)
    if not ticket.is_valid:
        if request.method == "POST":
            tickets.ticket_refused(ticket=ticket, reason=ticket.status)
        return _refuse(request, ticket)
    assessment = (
        Assessment.objects.select_related("framework", "owner").filter(pk=ticket.target_id).first()
    )
    if assessment is None:
        return _refuse(request, None)
    if request.method == "POST":
        tickets.guest_session_open(request, ticket)
        return redirect("competence:guest-assessment")
    return _private(
        render(
            request,
            "competence/guest_start.html",
            {"ticket": ticket, "assessment": assessment, "member": assessment.owner},
        )
    )


@require_safe
def guest_assessment(request: HttpRequest) -> HttpResponse:
    opened = _session(request)
    if opened is None:
        return _no_session(request)
    ticket, assessment = opened
    view = assessment_view(assessment, comments=False)
    mine = {
        comment.competence_id: comment
        for comment in VerificationComment.objects.filter(ticket=ticket)
    }
    for row in view.rows:  # the guest sees their own comments only
        row.comments = [mine[row.competence.pk]] if row.competence.pk in mine else []
    return _private(
        render(
            request,
            "competence/guest_assessment.html",
            {
                "ticket": ticket,
                "assessment": assessment,
                "member": assessment.owner,
                "view": view,
                "overall": mine.get(None),
            },
        )
    )


@require_http_methods(["GET", "POST"])
def guest_competence(request: HttpRequest, code: str) -> HttpResponse:
    opened = _session(request)
    if opened is None:
        return _no_session(request)
    ticket, assessment = opened
    competence = competence_of(assessment.framework, code)
    existing = VerificationComment.objects.filter(ticket=ticket, competence=competence).first()
    form = CommentForm(request.POST or None, initial={"body": existing.body} if existing else None)
    if request.method == "POST" and form.is_valid():
        services.verification_comment(
            ticket=ticket,
            assessment=assessment,
            competence=competence,
            body=form.cleaned_data["body"],
        )
        messages.success(request, f"Your comment on {competence.code} is saved.")
        return redirect(f"{reverse('competence:guest-assessment')}#competence-{competence.code}")
    current = (
        CompetenceAssessment.objects.filter(owner=assessment.owner, competence=competence)
        .prefetch_related("revisions")
        .first()
    )
    return _private(
        render(
            request,
            "competence/guest_competence.html",
            {
                "ticket": ticket,
                "assessment": assessment,
                "member": assessment.owner,
                "competence": competence,
                "current": current,
                "history": list(current.revisions.all()) if current else [],
                "form": form,
            },
        )
    )


@require_http_methods(["GET", "POST"])
def guest_overall(request: HttpRequest) -> HttpResponse:
    opened = _session(request)
    if opened is None:
        return _no_session(request)
    ticket, assessment = opened
    existing = VerificationComment.objects.filter(ticket=ticket, competence=None).first()
    form = CommentForm(request.POST or None, initial={"body": existing.body} if existing else None)
    if request.method == "POST" and form.is_valid():
        services.verification_comment(
            ticket=ticket, assessment=assessment, competence=None, body=form.cleaned_data["body"]
        )
        messages.success(request, "Your overall comment is saved.")
        return redirect("competence:guest-assessment")
    return _private(
        render(
            request,
            "competence/guest_overall.html",
            {"ticket": ticket, "assessment": assessment, "member": assessment.owner, "form": form},
        )
    )


@require_POST
def guest_leave(request: HttpRequest) -> HttpResponse:
    tickets.guest_session_close(request)
    return _private(render(request, "competence/guest_left.html"))
