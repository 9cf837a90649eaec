from django.apps import AppConfig

from careermanager.core.navigation import NavItem


class CompetenceConfig(AppConfig):
    name = "careermanager.competence"
    label = "competence"
    verbose_name = "Competence"
    navigation = [NavItem("Competence", "competence:index", order=20)]
    dashboard_panels = ["careermanager.competence.dashboard.panel"]
    guest_ticket_targets = ["careermanager.competence.guest.AssessmentGuestTarget"]
