from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.documents.types import DocumentType

REPLY_DOCUMENT = "review.reply"


class _InboxNavItem(NavItem):
    """The registration inbox's link, in the same URL namespace as "Review".

    The frame marks the link whose section is the page's namespace as current; this one names
    no namespace (no namespace holds a space), so only one link on a review page says it is
    the current one.
    """

    @property
    def section(self) -> str:
        return "registration inbox"


class ReviewConfig(AppConfig):
    name = "careermanager.review"
    label = "review"
    verbose_name = "CPD monitoring"
    navigation = [
        NavItem("Review", "review:index", order=90, staff_only=True),
        _InboxNavItem("Applications", "review:applications", order=91, staff_only=True),
    ]
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
    # A file the member may add to their reply when staff ask for more.
    supporting_document_types = [
        DocumentType(
            key=REPLY_DOCUMENT,
            label="Supporting file for your reply",
            help="A file that backs up your reply, such as a certificate or a record of "
            "attendance. Several PDFs and images can be joined into one.",
            allow_merge=True,
        )
    ]
    # The monitoring of a submitted declaration, on its member's page.
    declaration_panels = ["careermanager.review.member.declaration_panel"]
