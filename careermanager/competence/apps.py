from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.reports.registry import DocumentKind


class CompetenceConfig(AppConfig):
    name = "careermanager.competence"
    label = "competence"
    verbose_name = "Competence"
    navigation = [NavItem("Competence", "competence:index", order=20)]
    help_pages = [
        HelpPage(
            "competence",
            "Assessing your competence",
            "competence/help.html",
            summary="UK-SPEC and the ICTTech Standard, your self-assessment, verification "
            "and job profiles.",
            sections=("competence",),
            order=20,
        )
    ]
    dashboard_panels = ["careermanager.competence.dashboard.panel"]
    documents = {
        "competence.assessment": DocumentKind(
            "careermanager.competence.documents.build_assessment_of",
            "Competence assessment",
            noun="assessment",
        ),
        "competence.job-profile": DocumentKind(
            "careermanager.competence.documents.build_job_profile_of",
            "Job profile summary",
            noun="job profile summary",
        ),
    }
    guest_ticket_targets = ["careermanager.competence.guest.AssessmentGuestTarget"]
