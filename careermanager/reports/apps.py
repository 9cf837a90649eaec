from django.apps import AppConfig

from careermanager.core.help import HelpPage


class ReportsConfig(AppConfig):
    name = "careermanager.reports"
    label = "reports"
    verbose_name = "Documents and downloads"
    help_pages = [
        HelpPage(
            "documents",
            "Documents and downloads",
            "reports/help.html",
            summary="Your CV, training summary, organisation chart, assessment and CPD reports "
            "as PDF or Word.",
            sections=("reports",),
            order=50,
        )
    ]
