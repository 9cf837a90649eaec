"""What the application's drafting pages share: finding the member's application, refusing
changes once it is fixed, the institution's lists, and the length meter."""

import copy
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from careermanager.core.access import owned_or_404
from careermanager.core.forms import apply_errors
from careermanager.registration import applications
from careermanager.registration.length import (
    PAGE_GUIDE,
    ROLE_GUIDE_CHARS,
    estimated_pages,
    text_length,
)
from careermanager.registration.models import Application, ListEntry

STATE_MESSAGES = applications.STATE_MESSAGES


def owned_application(request: HttpRequest, pk: int) -> Application:
    return owned_or_404(Application.objects.all(), request.user, pk=pk)


def to_overview(application: Application) -> HttpResponse:
    return redirect("registration:application", pk=application.pk)


def draft_page(view):
    """A page that changes a draft: the member's own application, or a 404.

    Once it is locked or sent, the page sends the member back to the checklist with the
    service's message saying why: a GET (an old link), a POST (a stale page or a crafted
    request), or a change the service refused because the application was locked meanwhile.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
        application = owned_application(request, pk)
        if not application.is_draft:
            if request.method == "POST":
                messages.error(request, STATE_MESSAGES[application.status])
            else:
                messages.info(request, STATE_MESSAGES[application.status])
            return to_overview(application)
        try:
            return view(request, application, **kwargs)
        except applications.WrongState as error:
            messages.error(request, " ".join(error.messages))
            return to_overview(application)

    return wrapper


def saved(form, call) -> bool:
    """Call a service: False, with its errors on the form, when it refuses what was given.

    ``WrongState`` is not the form's business: it goes on to ``draft_page``.
    """
    try:
        call()
    except applications.WrongState:
        raise
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


def institution_list(kind: str, *keep: str) -> list[str]:
    """The institution's current list of one kind, keeping what the application chose."""
    names = list(
        ListEntry.objects.filter(kind=kind, retired_at__isnull=True).values_list("name", flat=True)
    )
    return names + [name for name in keep if name and name not in names]


# The length meter ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Meter:
    """A text's length against its guide, and the whole application's pages with it in place."""

    kind: str
    chars: int
    guide: int | None
    pages: int
    page_guide: int = PAGE_GUIDE

    @property
    def chars_over(self) -> int:
        return self.chars - self.guide if self.guide and self.chars > self.guide else 0

    @property
    def pages_over(self) -> int:
        return max(self.pages - self.page_guide, 0)


def length_meter(
    records: dict, *, kind: str, key: str, text: str | None = None, included: bool | None = None
) -> Meter | None:
    """The meter for one role (by employment id) or statement (by code), with the text given
    in place of the saved one; None when the application has no such role or competence."""
    records = copy.deepcopy(records)
    if kind == "role":
        role = next((r for r in records["employment"] if str(r["id"]) == key), None)
        if role is None:
            return None
        if text is not None:
            role["application_text"] = text
        if included is not None:
            role["included"] = included
        chars, guide = text_length(role["application_text"]), ROLE_GUIDE_CHARS
    else:
        competences = [c for area in records["areas"] for c in area["competences"]]
        competence = next((c for c in competences if c["code"] == key), None)
        if competence is None:
            return None
        if text is not None:
            competence["statement"] = text
        chars, guide = text_length(competence["statement"]), None
    return Meter(kind=kind, chars=chars, guide=guide, pages=estimated_pages(records))
