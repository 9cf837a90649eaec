from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem


class ReviewConfig(AppConfig):
    name = "careermanager.review"
    label = "review"
    verbose_name = "CPD monitoring"
    navigation = [NavItem("Review", "review:index", order=90, staff_only=True)]
    help_pages = [
        HelpPage(
            "monitoring",
            "CPD monitoring",
            "review/help.html",
            summary="How declarations are sampled and reviewed, what members are told, and "
            "how staff draw a sample and record outcomes.",
            sections=("review",),
            order=50,
        )
    ]
    # The monitoring of a submitted declaration, on its member's page.
    declaration_panels = ["careermanager.review.member.declaration_panel"]
