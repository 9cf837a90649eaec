from django.apps import AppConfig

from careermanager.core.navigation import NavItem
from careermanager.reports.registry import DocumentKind


class DevelopmentConfig(AppConfig):
    name = "careermanager.development"
    label = "development"
    verbose_name = "Development planning"
    navigation = [NavItem("Development", "development:index", order=35)]
    documents = {
        "development.history": DocumentKind(
            "careermanager.development.documents.build_history",
            "Development history",
            list_url="development:history-download",
            new_url="development:history-download",
        ),
        "development.planning": DocumentKind(
            "careermanager.development.documents.build_planning_report",
            "CPD planning report",
            noun="report",
            list_url="development:planning-report",
            new_url="development:planning-report",
        ),
    }
