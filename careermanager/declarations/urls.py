from django.urls import path

from careermanager.declarations.views import declarations, sections

app_name = "declarations"

urlpatterns = [
    path("", declarations.index, name="index"),
    path("start/", declarations.start, name="start"),
    path("<int:pk>/", declarations.detail, name="detail"),
    path("<int:pk>/monitoring/", declarations.monitoring, name="monitoring"),
    path("<int:pk>/reports/", sections.reports, name="reports"),
    path(
        "<int:pk>/reports/<slug:report>/",
        sections.report_request_view,
        name="report-request",
    ),
    path("<int:pk>/employment-status/", sections.employment_status, name="employment-status"),
    path("<int:pk>/employment-history/", sections.employment_history, name="employment-history"),
    path("<int:pk>/academic-study/", sections.academic_study, name="academic-study"),
    path("<int:pk>/hours/", sections.hours, name="hours"),
    path("<int:pk>/compliance/", sections.compliance, name="compliance"),
    path(
        "<int:pk>/supporting-documents/",
        sections.supporting_documents,
        name="supporting-documents",
    ),
    path(
        "<int:pk>/supporting-documents/<slug:slug>/",
        sections.supporting_document,
        name="supporting-document",
    ),
    path("<int:pk>/summary/", declarations.summary, name="summary"),
    path("<int:pk>/summary/download/", declarations.summary_download, name="summary-download"),
    path("<int:pk>/check/", declarations.check, name="check"),
    path("<int:pk>/submit/", declarations.submit, name="submit"),
    path("<int:pk>/declaration.pdf", declarations.submitted_pdf, name="submitted-pdf"),
]
