from django.apps import AppConfig

from careermanager.core.help import HelpPage


class PortabilityConfig(AppConfig):
    name = "careermanager.portability"
    label = "portability"
    verbose_name = "Your data"
    help_pages = [
        HelpPage(
            "your-data",
            "Your data",
            "portability/help.html",
            summary="Exporting all your data, importing an export into a new account, your CV "
            "as a JSON Resume, spreadsheets of your CPD, and deleting your account.",
            sections=("portability",),
            order=75,
        )
    ]
