from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.reports.registry import DocumentKind


class DevelopmentConfig(AppConfig):
    name = "careermanager.development"
    label = "development"
    verbose_name = "Development planning"
    navigation = [NavItem("Development", "development:index", order=35)]
    dashboard_panels = ["careermanager.development.dashboard.panel"]
    help_pages = [
        HelpPage(
            "development",
            "Planning your development",
            "development/help.html",
            summary="SMART objectives, actions, reviewing your plan, your development history "
            "and your calendar.",
            sections=("development",),
            order=35,
        )
    ]
    # What a CPD activity can say about the plan: the objective it served.
    activity_links = ["careermanager.development.links.ObjectiveLink"]
    # The development history and the CPD planning report, made as document jobs.
    documents = {
        "development.history": DocumentKind(
            "careermanager.development.documents.build_history",
            "Development history",
            list_url="development:history-download",
            new_url="development:history-download",
            layout="development/layout.html",
        ),
        "development.planning": DocumentKind(
            "careermanager.development.documents.build_planning_report",
            "CPD planning report",
            noun="report",
            list_url="development:planning-report",
            new_url="development:planning-report",
            layout="development/layout.html",
        ),
    }
