from django.apps import AppConfig

from careermanager.core.help import HelpPage


class AccountsConfig(AppConfig):
    name = "careermanager.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    dashboard_panels = ["careermanager.accounts.dashboard.security_panel"]
    help_pages = [
        HelpPage(
            "account",
            "Your account",
            "accounts/help.html",
            summary="Creating an account, logging in, passwords and two-factor sign-in.",
            sections=("accounts",),
            order=70,
        )
    ]
