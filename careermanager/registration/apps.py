from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem


class RegistrationConfig(AppConfig):
    name = "careermanager.registration"
    label = "registration"
    verbose_name = "Professional registration"
    navigation = [
        NavItem("Registration", "registration:index", order=50),
        NavItem("Intentions", "registration:staff-intentions", order=92, staff_only=True),
    ]
    dashboard_panels = ["careermanager.registration.dashboard.panel"]
    help_pages = [
        HelpPage(
            "registration",
            "Working towards registration",
            "registration/help.html",
            summary="Your supporters, stating your intention to register (the RPD form), "
            "the checklist and what happens when you submit it.",
            sections=("registration",),
            order=50,
        )
    ]
