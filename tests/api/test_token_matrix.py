"""The authorization matrix again, with tokens instead of browser sessions.

Every endpoint of the API matrix (tests/api/matrix.py) is requested with a personal access
token in each role: the owner's read token gets what the owner's session gets, another
member's token what another member gets (a 404 for the owner's objects), a staff token what
staff get; an expired, revoked or unknown token gets what a visitor without one gets (a 401 but for
the public schema and unknown addresses). The token
pages are browser pages: a token does not sign anyone in there.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.api import services
from careermanager.api.models import AccessToken
from tests.api.conftest import make_token, token_client
from tests.api.matrix import CASES
from tests.matrix import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, UNAUTHORIZED

pytestmark = pytest.mark.django_db

STATUS = {OK: 200, NOT_FOUND: 404, "403": 403, NOT_ALLOWED: 405, UNAUTHORIZED: 401}
API_PREFIX = "/api/v1/"
ENDPOINTS = [
    case
    for case in CASES
    if case.url_name.startswith("api:v1:") or case.url_name == "api:not-found"
]
PAGES = [case for case in CASES if "token" in case.url_name]


def _url(case, owner) -> str:
    kwargs = case.kwargs(owner) if case.kwargs else {}
    return reverse(case.url_name, kwargs=kwargs)


def _statuses(owner, client, cases=ENDPOINTS):
    """(case, url, status) for each case, each with its own objects, rolled back after it as
    the matrix's own tests are."""
    for case in cases:
        with transaction.atomic():
            url = _url(case, owner)
            if url.startswith(API_PREFIX) and not url.startswith(f"{API_PREFIX}docs"):
                yield case, url, client.get(url)
            transaction.set_rollback(True)


def _expired(user) -> str:
    text = make_token(user, scope=AccessToken.Scope.READ)
    now = timezone.now()
    AccessToken.objects.filter(owner=user).update(
        created_at=now - timedelta(days=10), expires_at=now - timedelta(days=1)
    )
    return text


def _revoked(user) -> str:
    text = make_token(user, scope=AccessToken.Scope.READ)
    token = AccessToken.objects.filter(owner=user).latest("pk")
    services.token_revoke(token=token, actor=user)
    return text


def test_the_matrix_names_the_api_endpoints():
    assert len(ENDPOINTS) >= 20
    assert PAGES


@pytest.mark.parametrize("role", ["owner", "other_member", "staff"])
def test_each_role_with_a_read_token_gets_what_its_session_gets(role, request, owner):
    user = request.getfixturevalue(role)
    client = token_client(make_token(user, scope=AccessToken.Scope.READ, staff=role == "staff"))
    wrong = []
    for case, url, response in _statuses(owner, client):
        expected = STATUS[case.expect[role]]
        if response.status_code != expected:
            wrong.append(f"{case.url_name} {url}: expected {expected}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("make", [_expired, _revoked], ids=["expired", "revoked"])
def test_an_expired_or_revoked_token_opens_nothing(make, owner):
    client = token_client(make(owner))
    wrong = [
        url
        for case, url, response in _statuses(owner, client)
        if response.status_code != STATUS[case.expect["anonymous"]]
    ]
    assert not wrong, f"answered as if the token were valid: {wrong}"


def test_an_unknown_token_opens_nothing(owner):
    client = token_client("cmpat_" + "x" * 43)
    wrong = [
        url
        for case, url, response in _statuses(owner, client)
        if response.status_code != STATUS[case.expect["anonymous"]]
    ]
    assert not wrong


def test_a_token_does_not_sign_anyone_in_to_the_token_pages(owner):
    urls = {}
    for case in PAGES:
        with transaction.atomic():
            urls[case.url_name] = _url(case, owner)
    client = token_client(make_token(owner))
    for case in PAGES:
        assert case.expect["anonymous"] == LOGIN
        response = client.get(urls[case.url_name])
        assert response.status_code == 302, case.url_name
        assert response["Location"].startswith(reverse("accounts:login")), case.url_name
