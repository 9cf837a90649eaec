"""What a verifier's guest ticket opens: one assessment, read-only, for comments."""

from django.db import models
from django.urls import reverse

from careermanager.competence.models import Assessment
from careermanager.core.tickets import GuestTarget


class AssessmentGuestTarget(GuestTarget):
    model = Assessment
    noun = "assessment"
    button = "Open the assessment"

    def queryset(self) -> models.QuerySet[Assessment]:
        return Assessment.objects.select_related("framework", "owner")

    def heading(self, target: Assessment) -> str:
        return f"Verify {target.owner.display_name}'s competence assessment"

    def describe(self, target: Assessment) -> str:
        framework = target.framework
        return (
            f"Their {framework.get_category_display()} competence assessment, "
            f"against {framework.name}, {framework.edition}"
        )

    def details(self, target: Assessment) -> list[str]:
        name = target.owner.display_name
        return [
            f"For each competence, {name} has chosen a skill level and described their evidence.",
            f"You will be able to read the assessment and comment on each competence and on "
            f"the whole. You cannot change what {name} wrote, and you will see nothing else of "
            f"their records. {name} will see your comments with your name.",
        ]

    def landing_url(self, target: Assessment) -> str:
        return reverse("competence:guest-assessment")
