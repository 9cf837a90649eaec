"""Building blocks for the authorization matrix in tests/test_authorization.py.

Each app lists its URLs in `tests/<app>/matrix.py` as `CASES = [Case(...), ...]`. A case
names a URL, how to build its arguments for an object the owner owns, and what each role
gets. Outcomes:

    OK       200
    LOGIN    redirect to the log-in page
    REDIRECT any other redirect (e.g. to a setup step)
    NOT_FOUND 404: another member's object, or a page the role must not know exists
    FORBIDDEN 403
    NOT_ALLOWED 405: a GET on a change that only accepts POST
    BAD      400: a link that is not valid for this visitor
    UNAUTHORIZED 401: an API endpoint asked with no token and no session
"""

from collections.abc import Callable
from dataclasses import dataclass, field

OK, LOGIN, REDIRECT, NOT_FOUND, FORBIDDEN, NOT_ALLOWED, BAD = (
    "ok",
    "login",
    "redirect",
    "404",
    "403",
    "405",
    "400",
)
UNAUTHORIZED = "401"
ROLES = ("anonymous", "owner", "other_member", "staff", "admin")


@dataclass(frozen=True)
class Case:
    url_name: str
    expect: dict[str, str]
    kwargs: Callable[..., dict] | None = field(default=None)
    note: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        assert not missing, f"{self.url_name}: no expectation for {sorted(missing)}"


def everyone(outcome: str, **overrides: str) -> dict[str, str]:
    """The same outcome for every role, with some roles set apart."""
    return dict.fromkeys(ROLES, outcome) | overrides


def members_only(**overrides: str) -> dict[str, str]:
    """A page of one's own: login for anonymous, OK for everyone signed in."""
    return everyone(OK, anonymous=LOGIN) | overrides


def owner_only(**overrides: str) -> dict[str, str]:
    """Someone's own object: the owner sees it; everyone else signed in gets a 404."""
    return everyone(NOT_FOUND, anonymous=LOGIN, owner=OK) | overrides


def post_only(**overrides: str) -> dict[str, str]:
    """A change: GET is refused, whoever asks."""
    return everyone(NOT_ALLOWED) | overrides
