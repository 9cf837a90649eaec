"""What a reader's guest ticket opens: a draft application, to read and nothing else.

A member shares a draft with a mentor, manager or advisor before locking it. The reader sees
the application as it is now (live, not a snapshot) and cannot comment, sign or change it.
"""

from django.db import models
from django.urls import reverse

from careermanager.core.tickets import GuestTarget
from careermanager.registration.models import Application

READER_PURPOSE = "Reader"


class ApplicationGuestTarget(GuestTarget):
    model = Application
    noun = "application"
    button = "Read the application"

    def queryset(self) -> models.QuerySet[Application]:
        return Application.objects.select_related("owner")

    def heading(self, target: Application) -> str:
        return f"Read {target.owner.display_name}'s draft application for registration"

    def describe(self, target: Application) -> str:
        category = target.get_category_display() or "professional registration"
        return f"Their draft application for {category}, to read"

    def details(self, target: Application) -> list[str]:
        name = target.owner.display_name
        return [
            f"{name} would like your view of their application before they send it. You will "
            f"see it as it is now, each time you open it.",
            f"You can read it and download it; you cannot change it, and you will see nothing "
            f"else of {name}'s records. Send your thoughts to {name} directly.",
        ]

    def landing_url(self, target: Application) -> str:
        return reverse("registration:guest-draft")
