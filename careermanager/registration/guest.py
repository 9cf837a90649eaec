"""What an attester's guest ticket opens: their attestation of one locked application."""

from django.db import models
from django.urls import reverse

from careermanager.core.tickets import GuestTarget
from careermanager.registration.briefings import briefing
from careermanager.registration.models import ApplicationStatus, Attestation


def attestations_open() -> models.QuerySet[Attestation]:
    """The attestations a ticket may open, with what the attester's pages read.

    Only while the application is locked: unlocking deletes the attestation anyway, and a
    submitted application has nothing left to attest.
    """
    return Attestation.objects.filter(application__status=ApplicationStatus.LOCKED).select_related(
        "application__owner"
    )


class AttestationGuestTarget(GuestTarget):
    model = Attestation
    noun = "application"
    button = "Open the application"

    def queryset(self) -> models.QuerySet[Attestation]:
        return attestations_open()

    def member(self, target: Attestation):
        return target.application.owner

    def heading(self, target: Attestation) -> str:
        return (
            f"Attest {target.application.owner.display_name}'s application for "
            f"professional registration"
        )

    def describe(self, target: Attestation) -> str:
        return (
            f"Their application for {target.application.get_category_display()}, "
            f"as their {target.get_role_display().lower()}"
        )

    def details(self, target: Attestation) -> list[str]:
        name = target.application.owner.display_name
        summary = briefing(target.role).summary
        return [
            f"A {target.get_role_display().lower()} {summary[0].lower()}{summary[1:]}",
            f"You will read {name}'s application as it was when they locked it, comment on "
            f"it overall and on each area of competence, and sign your attestation.",
            f"You cannot change what {name} wrote, and you will see nothing else of their "
            f"records. {name} and the institution's staff will see your comments with your name.",
        ]

    def landing_url(self, target: Attestation) -> str:
        return reverse("registration:guest-application")
