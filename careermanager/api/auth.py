"""Who is calling: a personal access token (Bearer), or the browser's session with CSRF.

Each request's `request.auth` is a `Caller`; `request.user` is the member either way, so
audit events, the data version and `owned_by` work as they do for pages.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from careermanager.api import services
from careermanager.api.errors import Problem
from careermanager.api.models import AccessToken
from careermanager.api.throttling import check_rate
from careermanager.core.access import is_staff_member


@dataclass(frozen=True)
class Caller:
    user: object
    token: AccessToken | None = None

    @property
    def can_write(self) -> bool:
        return self.token is None or self.token.can_write

    @property
    def is_staff(self) -> bool:
        """Staff endpoints: a staff token, or staff signed in with two-factor in the browser."""
        if self.token is not None:
            return self.token.staff
        return is_staff_member(self.user) and self.user.is_verified()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cmpat_…`: a personal access token, limited per minute."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = services.token_for(token.strip())
        if found is None:
            return None
        check_rate(found)
        request.user = found.owner
        services.token_used(found)
        return Caller(user=found.owner, token=found)


class SessionAuth(APIKeyCookie):
    """The browser's session (the interactive docs); changes need the CSRF token."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise Problem(403, "The CSRF token is missing or wrong: send the X-CSRFToken header.")
        return Caller(user=user)


def caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def require_write(request: HttpRequest) -> None:
    if not caller(request).can_write:
        raise Problem(403, "This token can only read: make a token with write access.")


def require_staff(request: HttpRequest) -> None:
    if not caller(request).is_staff:
        raise Problem(
            403, "Staff endpoints need a staff token, made after signing in with two-factor."
        )
