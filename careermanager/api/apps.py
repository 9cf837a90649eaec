from django.apps import AppConfig


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
