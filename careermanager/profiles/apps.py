from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.reports.registry import DocumentKind


class ProfilesConfig(AppConfig):
    name = "careermanager.profiles"
    label = "profiles"
    verbose_name = "Profile and CV"
    navigation = [NavItem("Profile", "profiles:index", order=10)]
    help_pages = [
        HelpPage(
            "profile",
            "Your profile and CV",
            "profiles/help.html",
            summary="Your employment, organisation chart, education, training and achievements.",
            sections=("profiles",),
            order=10,
        )
    ]
    dashboard_panels = ["careermanager.profiles.dashboard.complete_your_cv"]
    documents = {
        "profiles.cv": DocumentKind("careermanager.profiles.documents.build_cv", "CV", noun="CV"),
        "profiles.training-summary": DocumentKind(
            "careermanager.profiles.documents.build_training_summary",
            "Training summary",
            noun="training summary",
        ),
        "profiles.orgchart": DocumentKind(
            "careermanager.profiles.documents.build_orgchart_of_role",
            "Organisation chart",
            noun="organisation chart",
        ),
    }
