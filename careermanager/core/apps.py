from django.apps import AppConfig

from careermanager.core.help import HelpPage


class CoreConfig(AppConfig):
    name = "careermanager.core"
    label = "core"
    verbose_name = "Core"
    help_pages = [
        HelpPage(
            "guest",
            "Guest links for mentors and attesters",
            "core/help/guest.html",
            summary="Let someone without an account read and comment on one of your records.",
            order=60,
        )
    ]
