"""Once-only create forms: the same form sent twice creates one thing.

A double click, a resent POST after a slow response, or the back button and Save again would
otherwise create two activities or send two emails. Each create form carries a token issued
with it; the first POST with the token creates, and any repeat is sent to what was created.

In the template, inside the form:

    {% load core_once %}
    <form method="post">{% csrf_token %}{% once_token %} ...

In the view, after the form is valid:

    if earlier := once.earlier(request):       # this form was sent before: go to its result
        return earlier
    ...
    try:
        with once.only_once(request) as submission:
            activity = services.activity_create(...)
            submission.leads_to(reverse("cpd:activity-detail", args=[activity.pk]))
    except once.AlreadySubmitted as repeat:     # the same form, sent at the same moment
        return repeat.response
    except ValidationError as error:
        apply_errors(form, error)               # nothing was kept: the token can be used again

Used tokens are kept in the database for a day (FormToken), so a repeat is recognised
whichever web process it reaches; two at once are told apart by the token's unique index.
"""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from careermanager.core.models import FormToken
from careermanager.core.pagecache import made_for_one_response

FIELD = "once_token"
KEEP = timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,64}")
REPEAT_MESSAGE = "You had already sent that form, so nothing new was saved. This is what it saved."


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request: HttpRequest) -> str:
    """The token sent with the form, or "" when there is none (or it is not one of ours)."""
    value = request.POST.get(FIELD, "")
    return value if _TOKEN.fullmatch(value) else ""


def token_for_form(request: HttpRequest) -> str:
    """The token to put in the form shown: the same one again when a form comes back with errors."""
    # A page holding a token is for this response alone: never kept to be served again.
    made_for_one_response(request)
    return posted_token(request) or new_token()


def _repeat_response(request: HttpRequest, used: FormToken | None) -> HttpResponse:
    messages.info(request, REPEAT_MESSAGE)
    return redirect(used.url if used is not None and used.url else "core:home")


def earlier(request: HttpRequest) -> HttpResponse | None:
    """A redirect to what this form created, when its token has been used; else None."""
    token = posted_token(request)
    if not token or not request.user.is_authenticated:
        return None
    used = FormToken.objects.filter(token=token, user=request.user).first()
    return None if used is None else _repeat_response(request, used)


class AlreadySubmitted(Exception):
    """The same form was being sent at the same moment; `response` goes to what it created."""

    def __init__(self, response: HttpResponse):
        super().__init__("This form has already been sent")
        self.response = response


class Submission:
    def __init__(self, used: FormToken | None):
        self._used = used

    def leads_to(self, url: str) -> None:
        """Where a repeat of this form should go: the page of what it created."""
        if self._used is not None:
            self._used.url = url[:500]


@contextmanager
def only_once(request: HttpRequest) -> Iterator[Submission]:
    """Run the block once per form token, in one transaction with the token's use.

    Raises AlreadySubmitted (before the block runs) when the token was used. When the block
    raises, nothing is kept, the token included, so the corrected form can be sent again.
    A form without a token (a client that does not send one) simply runs the block.
    """
    token = posted_token(request)
    if not token:
        yield Submission(None)
        return
    now = timezone.now()
    with transaction.atomic():
        FormToken.objects.filter(created_at__lt=now - KEEP).delete()
        try:
            with transaction.atomic():
                used = FormToken.objects.create(token=token, user=request.user, created_at=now)
        except IntegrityError:
            # Another request with this token got there first; on PostgreSQL this waited for
            # it to commit, so what it created can be found.
            earlier_use = FormToken.objects.filter(token=token, user=request.user).first()
            raise AlreadySubmitted(_repeat_response(request, earlier_use)) from None
        submission = Submission(used)
        yield submission
        if used.url:
            used.save(update_fields=["url"])
