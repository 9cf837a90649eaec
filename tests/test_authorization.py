"""Every URL the resolver knows, requested as every role, with the outcome we expect.

A URL missing from the matrix fails the run, so a new page cannot ship unguarded.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import signed_in_client
from tests.matrix import (
    BAD,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    UNAUTHORIZED,
    Case,
)

# Django's admin protects every one of its views through AdminSite.admin_view; the matrix
# checks that guard through the entries under "admin:" and skips the rest of its URLs.
UNLISTED_NAMESPACES = ("admin",)


def _all_cases() -> list[Case]:
    cases = []
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            matrix = importlib.import_module(f"tests.{module.name}.matrix")
        except ModuleNotFoundError:
            continue
        cases.extend(matrix.CASES)
    return cases


CASES = _all_cases()


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    listed = {case.url_name for case in CASES}
    known = {name for name in _url_names() if name.split(":")[0] not in UNLISTED_NAMESPACES}
    assert not known - listed, (
        f"URLs missing from the authorization matrix: {sorted(known - listed)}"
    )
    assert not listed - _url_names(), f"Matrix lists unknown URLs: {sorted(listed - _url_names())}"


def test_every_url_pattern_has_a_name():
    def unnamed(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in UNLISTED_NAMESPACES:
                    yield from unnamed(pattern, prefix + str(pattern.pattern))
            elif not pattern.name:
                yield prefix + str(pattern.pattern)

    assert not list(unnamed(get_resolver()))


def _client_for(role, request):
    from django.test import Client

    if role == "anonymous":
        return Client()
    user = request.getfixturevalue({"admin": "admin_user"}.get(role, role))
    return signed_in_client(user)


def _check(response, outcome: str) -> None:
    status = response.status_code
    location = response.headers.get("Location", "")
    login_urls = (reverse("accounts:login"), reverse("admin:login"))
    expected = {
        OK: lambda: status == 200,
        LOGIN: lambda: status == 302 and location.startswith(login_urls),
        REDIRECT: lambda: status == 302 and not location.startswith(login_urls),
        NOT_FOUND: lambda: status == 404,
        FORBIDDEN: lambda: status == 403,
        NOT_ALLOWED: lambda: status == 405,
        BAD: lambda: status == 400,
        UNAUTHORIZED: lambda: status == 401,
    }[outcome]
    assert expected(), f"expected {outcome}, got {status} {location}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_access(case: Case, role: str, request, owner):
    kwargs = case.kwargs(owner) if case.kwargs else {}
    client = _client_for(role, request)
    response = client.get(reverse(case.url_name, kwargs=kwargs))
    _check(response, case.expect[role])
