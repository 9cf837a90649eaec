"""Who may see what: one member's own records, and the pages for the institution's staff.

    activity = owned_or_404(Activity.objects.with_folder(), request.user, pk=pk)

    @staff_required
    def framework_list(request): ...

Another member's object answers 404, exactly as a missing one does, so nobody can learn which
records exist. A page meant for another role answers 403: its address is no secret (the code is
open), and "you may not" helps the member more than "not found" (docs/decisions).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


def owned_or_404[M: models.Model](queryset: models.QuerySet[M], user, **lookup) -> M:
    """The member's own object matching ``lookup``; a 404 for anyone else's or none."""
    return get_object_or_404(queryset.owned_by(user), **lookup)


def is_staff_member(user) -> bool:
    """Staff of the institution: reviewers (the Staff group) and administrators."""
    return bool(getattr(user, "is_reviewer", False))


def require_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("This page is for the institution's staff.")


def staff_required(view: Callable) -> Callable:
    """Signed in (or sent to log in) and on the institution's staff (or a 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper
