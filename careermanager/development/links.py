"""The objective a CPD activity served, offered to CPD's activity form and page (cpd.links)."""

from django.db.models import F
from django.urls import reverse

from careermanager.cpd.links import Shown
from careermanager.development import services
from careermanager.development.models import Objective, Status


class ObjectiveLink:
    name = "objective"
    label = "Development objective it served"
    help_text = "From your development plan, if the activity was a step towards one."

    def choices(self, owner) -> list[tuple[str, str]]:
        """The member's objectives, open ones first, leaving out cancelled ones. One query."""
        objectives = (
            Objective.objects.owned_by(owner)
            .exclude(status=Status.CANCELLED)
            .order_by(F("completed_on").asc(nulls_first=True), "target_date", "pk")
            .values_list("pk", "title", "status")
        )
        return [
            (str(pk), title if status != Status.COMPLETE else f"{title} (complete)")
            for pk, title, status in objectives
        ]

    def _served(self, owner, activity_id: int):
        return Objective.objects.owned_by(owner).filter(activities=activity_id)

    def selected(self, owner, activity_id: int) -> str:
        pk = self._served(owner, activity_id).values_list("pk", flat=True).first()
        return str(pk) if pk else ""

    def save(self, *, owner, activity_id: int, value: str) -> None:
        services.objective_link_activity(
            owner=owner, activity_id=activity_id, objective_id=int(value) if value else None
        )

    def shown(self, owner, activity_id: int) -> list[Shown]:
        return [
            Shown(
                "Served objective",
                title,
                reverse("development:objective-detail", args=[pk]),
            )
            for pk, title in self._served(owner, activity_id).values_list("pk", "title")
        ]
