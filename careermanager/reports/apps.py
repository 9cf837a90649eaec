from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "careermanager.reports"
    label = "reports"
    verbose_name = "Documents and downloads"
