"""Evidence of an activity: the page to add a file (and see the others), and its form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from careermanager.core.forms import apply_errors, posted
from careermanager.cpd.evidence import evidence_add, evidence_for
from careermanager.cpd.supporting import EVIDENCE, MAX_EVIDENCE_FILES
from careermanager.cpd.views.activities import owned_activity
from careermanager.documents.forms import DocumentUploadForm
from careermanager.documents.types import document_type


def evidence_form(data=None, files=None) -> DocumentUploadForm:
    """The form to add one file of evidence (the documents app's, in our words)."""
    form = DocumentUploadForm(data, files, kind=document_type(EVIDENCE))
    field = form.fields["file"]
    field.label = "Add a file of evidence"
    field.error_messages.update(
        {
            "required": "Choose a file to add as evidence.",
            "invalid": "Choose a file to add as evidence.",
        }
    )
    return form


def evidence_context(activity, attachments, form) -> dict:
    return {
        "activity": activity,
        "attachments": attachments,
        "evidence_form": form,
        "evidence_full": len(attachments) >= MAX_EVIDENCE_FILES,
        "max_evidence_files": MAX_EVIDENCE_FILES,
        "evidence_back": reverse("cpd:activity-detail", args=[activity.pk]),
    }


@require_http_methods(["GET", "POST"])
@login_required
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a certificate or a photo to the activity; refused files are said by the field."""
    activity = owned_activity(request, pk)
    form = evidence_form(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            document = evidence_add(
                activity=activity, files=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"“{document.original_name}” has been added to this activity's evidence."
            )
            return redirect("cpd:activity-detail", pk=activity.pk)
    attachments = evidence_for(request.user, activity.pk)
    return render(
        request,
        "cpd/evidence.html",
        {**evidence_context(activity, attachments, form), "form": form},
    )
