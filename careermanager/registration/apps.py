from django.apps import AppConfig

from careermanager.core.help import HelpPage
from careermanager.core.navigation import NavItem
from careermanager.registration.supporting import DOCUMENT_TYPES
from careermanager.reports.registry import DocumentKind


class RegistrationConfig(AppConfig):
    name = "careermanager.registration"
    label = "registration"
    verbose_name = "Professional registration"
    navigation = [
        NavItem("Registration", "registration:index", order=50),
        NavItem("Intentions", "registration:staff-intentions", order=92, staff_only=True),
        NavItem("Registration lists", "registration:staff-lists", order=93, staff_only=True),
    ]
    dashboard_panels = ["careermanager.registration.dashboard.panel"]
    help_pages = [
        HelpPage(
            "registration",
            "Working towards registration",
            "registration/help.html",
            summary="Your supporters, your intention to register (the RPD form), and the "
            "application: its checklist, lock, attesters, submission and receipt.",
            sections=("registration",),
            order=50,
        )
    ]
    # The application's supporting documents, kept by the documents app.
    supporting_document_types = DOCUMENT_TYPES
    # Guest tickets: an attester's opens their attestation (and through it the locked
    # application); a reader's opens a draft application to read.
    guest_ticket_targets = [
        "careermanager.registration.guest.AttestationGuestTarget",
        "careermanager.registration.share.ApplicationGuestTarget",
    ]
    # What the staff's inbox (the review app) reads of submitted applications and intentions.
    registration_submissions = ["careermanager.registration.inbox.RegistrationInbox"]
    documents: dict[str, DocumentKind] = {}
