"""The verifier's pages: one assessment, read-only, for comments.

Nothing here needs an account. The emailed link goes to core's entry page (core/guest.py),
whose POST opens a guest session scoped to one assessment and lands here. Each page reads the
assessment from that session through `guest_page`, never from the URL, so no other object
can be reached through it.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.competence import services
from careermanager.competence.forms import CommentForm
from careermanager.competence.models import Assessment, CompetenceAssessment, VerificationComment
from careermanager.competence.queries import assessment_view
from careermanager.competence.views.common import competence_of
from careermanager.core.guest import guest_page
from careermanager.core.models import GuestTicket


@require_safe
@guest_page(Assessment)
def guest_assessment(
    request: HttpRequest, ticket: GuestTicket, assessment: Assessment
) -> HttpResponse:
    view = assessment_view(assessment, comments=False)
    mine = {
        comment.competence_id: comment
        for comment in VerificationComment.objects.filter(ticket=ticket)
    }
    for row in view.rows:  # the guest sees their own comments only
        row.comments = [mine[row.competence.pk]] if row.competence.pk in mine else []
    return render(
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


@require_http_methods(["GET", "POST"])
@guest_page(Assessment)
def guest_competence(
    request: HttpRequest, ticket: GuestTicket, assessment: Assessment, code: str
) -> HttpResponse:
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
    return render(
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


@require_http_methods(["GET", "POST"])
@guest_page(Assessment)
def guest_overall(
    request: HttpRequest, ticket: GuestTicket, assessment: Assessment
) -> HttpResponse:
    existing = VerificationComment.objects.filter(ticket=ticket, competence=None).first()
    form = CommentForm(request.POST or None, initial={"body": existing.body} if existing else None)
    if request.method == "POST" and form.is_valid():
        services.verification_comment(
            ticket=ticket, assessment=assessment, competence=None, body=form.cleaned_data["body"]
        )
        messages.success(request, "Your overall comment is saved.")
        return redirect("competence:guest-assessment")
    return render(
        request,
        "competence/guest_overall.html",
        {"ticket": ticket, "assessment": assessment, "member": assessment.owner, "form": form},
    )
