from django.apps import AppConfig

from careermanager.core.help import HelpPage


class ApiConfig(AppConfig):
    name = "careermanager.api"
    label = "api"
    verbose_name = "API"
    # Read by the account's security page (accounts.views.security): label, URL name, hint.
    security_links = [
        (
            "Personal access tokens",
            "api:token-list",
            "For scripts and other tools using the API as you",
        )
    ]
    help_pages = [
        HelpPage(
            "tokens",
            "Personal access tokens",
            "api/help.html",
            summary="Letting a script or another program use Career Manager as you: making, "
            "keeping and revoking a token.",
            sections=("api",),
            order=80,
        )
    ]
