from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.cpd.supporting import SUPPORTING_DOCUMENT_TYPES
from careermanager.reports.registry import DocumentKind

REPORT = {
    "noun": "report",
    "list_url": "cpd:report-list",
    "new_url": "cpd:report-new",
    "layout": "cpd/layout.html",
}


class CpdConfig(AppConfig):
    name = "careermanager.cpd"
    label = "cpd"
    verbose_name = "CPD"
    navigation = [NavItem("CPD", "cpd:index", order=40)]
    help_pages = [
        HelpPage(
            "cpd",
            "Recording CPD",
            "cpd/help.html",
            summary="TWAVES, logging activities, reflections, CPD policies, reports and "
            "your CPD declaration.",
            sections=("cpd",),
            order=40,
        )
    ]
    dashboard_panels = ["careermanager.cpd.dashboard.panel"]
    # Evidence of an activity: certificates, photos (careermanager.cpd.supporting).
    supporting_document_types = SUPPORTING_DOCUMENT_TYPES
    documents = {
        "cpd.summary": DocumentKind(
            "careermanager.cpd.documents.build_summary_report", "CPD activity report", **REPORT
        ),
        "cpd.detailed": DocumentKind(
            "careermanager.cpd.documents.build_detailed_report",
            "Detailed CPD activity report",
            **REPORT,
        ),
    }
