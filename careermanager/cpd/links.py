"""What apps above CPD can say about an activity: the objective it served, for example.

CPD cannot import the apps above it, so an app lists its links on its AppConfig, as it lists
its navigation, and CPD reads them from every installed app:

    class DevelopmentConfig(AppConfig):
        activity_links = ["careermanager.development.links.ObjectiveLink"]

Each path names a class whose instances give, for one member: the choices a select on the
activity form offers, the current choice for an activity, how to save a choice, and what the
activity's page shows. The activity form grows one optional field per link that has choices.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django import forms
from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Shown:
    """One line on the activity's page: "Served objective: <a href=url>text</a>"."""

    label: str
    text: str
    url: str = ""


class ActivityLink(Protocol):
    name: str  # the form field's name, unique among links
    label: str  # the form field's label
    help_text: str

    def choices(self, owner) -> list[tuple[str, str]]:
        """What the member may choose, as (value, label); none means no field."""

    def selected(self, owner, activity_id: int) -> str:
        """The value chosen for this activity now ("" for none)."""

    def save(self, *, owner, activity_id: int, value: str) -> None:
        """Keep the member's choice ("" for none)."""

    def shown(self, owner, activity_id: int) -> list[Shown]:
        """What the activity's page shows about the link."""


@cache
def activity_links() -> tuple[ActivityLink, ...]:
    return tuple(
        import_string(path)()
        for config in apps.get_app_configs()
        for path in getattr(config, "activity_links", ())
    )


def field_name(link: ActivityLink) -> str:
    return f"link_{link.name}"


def add_fields(form: forms.Form, owner) -> None:
    """Add an optional select to the activity form for each link with something to choose."""
    for link in activity_links():
        choices = link.choices(owner)
        if choices:
            form.fields[field_name(link)] = forms.ChoiceField(
                label=link.label,
                required=False,
                choices=[("", "None"), *choices],
                help_text=link.help_text,
            )


def pop_values(data: dict) -> dict[str, str]:
    """Take the links' values out of a form's cleaned data, leaving the activity's own fields."""
    return {
        link.name: data.pop(field_name(link))
        for link in activity_links()
        if field_name(link) in data
    }


def initial(owner, activity_id: int) -> dict[str, str]:
    return {field_name(link): link.selected(owner, activity_id) for link in activity_links()}


@transaction.atomic
def save(*, owner, activity_id: int, values: dict[str, str]) -> None:
    for link in activity_links():
        if link.name in values:
            link.save(owner=owner, activity_id=activity_id, value=values[link.name])


def shown(owner, activity_id: int) -> list[Shown]:
    return [line for link in activity_links() for line in link.shown(owner, activity_id)]
