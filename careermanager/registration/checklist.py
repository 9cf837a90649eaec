"""The intention's checklist: each item, whether it is required, and whether it is complete.

Completion is read from the intention row with its ``with_progress()`` annotations (how many
supporters are chosen, whether the profile holds a name and an address), so the checklist, the
home panel and the submit check cost one query however many supporters the member has.
"""

from dataclasses import dataclass

from django.urls import reverse

from careermanager.registration.models import Intention

COMPLETED = "completed"
NOT_STARTED = "not_started"
STATUS_LABELS = {COMPLETED: "Completed", NOT_STARTED: "Not started"}


@dataclass(frozen=True)
class Item:
    number: int
    key: str
    title: str
    url: str
    required: bool
    complete: bool
    summary: str = ""

    @property
    def status(self) -> str:
        return COMPLETED if self.complete else NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def checklist(intention: Intention) -> list[Item]:
    """The items in order; `intention` must come from ``Intention.objects.with_progress()``."""
    i = intention
    chosen = i.chosen_count
    category_done = bool(i.category and i.timescale)
    return [
        Item(
            1,
            "personal-details",
            "Your personal details",
            reverse("profiles:personal-details"),
            True,
            i.personal_given,
            "Your name and address are in your profile" if i.personal_given else "",
        ),
        Item(
            2,
            "category",
            "Category, timescale and route",
            reverse("registration:intention-category", args=[i.pk]),
            True,
            category_done,
            f"{i.category}, {i.get_timescale_display().lower()}" if category_done else "",
        ),
        Item(
            3,
            "supporters",
            "Your supporters",
            reverse("registration:intention-supporters", args=[i.pk]),
            True,
            chosen > 0,
            f"{chosen} chosen" if chosen else "",
        ),
        Item(
            4,
            "note",
            "A note for the institution",
            reverse("registration:intention-note", args=[i.pk]),
            False,
            bool(i.note.strip()),
            "Written" if i.note.strip() else "",
        ),
    ]


def missing(items: list[Item]) -> list[Item]:
    """The required items not yet complete."""
    return [item for item in items if item.required and not item.complete]


def required_done(items: list[Item]) -> tuple[int, int]:
    """How many required items are complete, of how many."""
    required = [item for item in items if item.required]
    return sum(item.complete for item in required), len(required)
