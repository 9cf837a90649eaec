"""A document job's pages: its progress while it is made, then the file.

The app that offers a document asks for the job (``services.document_job_request``) and lists
its member's jobs; these two pages are the same for every document.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from careermanager.reports.models import STALLED, DocumentJob
from careermanager.reports.responses import download_file


def owned_job(request: HttpRequest, pk: int) -> DocumentJob:
    return get_object_or_404(DocumentJob.objects.owned_by(request.user), pk=pk)


@require_safe
@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; htmx polls the #progress fragment until it is finished."""
    job = owned_job(request, pk)
    if job.is_stalled:
        # Shown as failed at once; the daily remove_expired_documents records it.
        job.status, job.error = DocumentJob.Status.FAILED, STALLED
    kind = job.kind_info
    template = "reports/job_status.html"
    if request.htmx:
        template += "#progress"
    context = {
        "job": job,
        "kind": kind,
        "noun": kind.noun if kind else "document",
        "days_kept": settings.DOCUMENT_DAYS,
    }
    if kind is not None:
        context["current_section"] = kind.section
    return render(request, template, context)


@require_safe
@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_job(request, pk)
    if not job.is_ready:
        raise Http404("This document is not ready, or no longer kept")
    return download_file(job.file, filename=job.filename, content_type=job.content_type)
