"""What a reader's guest ticket opens: a draft application, to read and nothing else.

A member shares a draft with a mentor, manager or advisor before sending it. The reader sees
the application as it is now (live while a draft, its snapshot once locked) and cannot
comment, sign or change it. Once the application is submitted the link opens nothing more:
its reading was for the draft, and the member's records should not stay open to someone
longer than that asked for. The pages say so (``views.downloads``) rather than answering
a bare "link does not work".
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
        if target.is_sent:
            return [
                f"{name} has sent this application to the institution, so this link no "
                f"longer opens it. Ask {name} if you need to see it."
            ]
        return [
            f"{name} would like your view of their application before they send it. You will "
            f"see it as it is now, each time you open it.",
            f"You can read it and download it; you cannot change it, and you will see nothing "
            f"else of {name}'s records. Send your thoughts to {name} directly.",
        ]

    def landing_url(self, target: Application) -> str:
        return reverse("registration:guest-draft")
