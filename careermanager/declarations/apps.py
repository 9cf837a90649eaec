from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.declarations.supporting import DOCUMENT_TYPES
from careermanager.reports.registry import DocumentKind


class DeclarationsConfig(AppConfig):
    name = "careermanager.declarations"
    label = "declarations"
    verbose_name = "CPD declarations"
    navigation = [NavItem("Declaration", "declarations:index", order=45)]
    dashboard_panels = ["careermanager.declarations.dashboard.panel"]
    help_pages = [
        HelpPage(
            "declarations",
            "Your annual CPD declaration",
            "declarations/help.html",
            summary="Starting a declaration, the checklist, what counts as complete, "
            "submitting it and what happens next.",
            sections=("declarations",),
            order=45,
        )
    ]
    documents = {
        "declarations.summary": DocumentKind(
            "careermanager.declarations.documents.build_summary",
            "CPD declaration summary",
            noun="summary",
            list_url="declarations:index",
            new_url="declarations:index",
        ),
    }
    # Item 8 of the checklist: optional files, kept by the documents app.
    supporting_document_types = DOCUMENT_TYPES
    # What CPD monitoring (the review app) reads of submitted declarations.
    monitored_submissions = ["careermanager.declarations.monitoring.DeclarationSource"]

    def ready(self) -> None:
        from careermanager.declarations import checks  # noqa: F401 - registers the check
