from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careermanager.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    dashboard_panels = ["careermanager.accounts.dashboard.security_panel"]
