"""CPD activity reports: ask for one, and see the ones made recently.

Each report is a document job (``careermanager.reports``): its progress page and download are
the engine's (``reports:job-status``, ``reports:job-download``).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import forms
from careermanager.cpd.documents import REPORT_DOCUMENTS
from careermanager.cpd.services.reports import report_request
from careermanager.reports.models import DocumentJob
from careermanager.reports.services import KEEP_JOBS


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    jobs = DocumentJob.objects.owned_by(request.user).of_kinds(REPORT_DOCUMENTS.values()).recent()
    page = Paginator(jobs, 20).get_page(request.GET.get("page"))
    context = {"page": page, "kept": KEEP_JOBS, "days_kept": settings.DOCUMENT_DAYS}
    return render(request, "cpd/report_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(
        posted(request), initial=forms.ReportForm.initial_for(timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = report_request(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("reports:job-status", pk=job.pk)
    return render(request, "cpd/report_new.html", {"form": form})
