"""Emailed links, private pages and the client's address behind a proxy."""

import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from careermanager.core.middleware import client_ip
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s/]+")


def _origins(message) -> set[str]:
    return set(LINK.findall(message.body))


# Emailed links -------------------------------------------------------------------------------


def test_development_links_follow_the_address_the_request_came_to(client, owner, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    host = {"HTTP_HOST": "127.0.0.1:8611"}

    client.post(reverse("accounts:password-reset"), {"email": owner.email}, **host)
    client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Nina New",
            "email": "nina@example.org",
            "password1": "river granite lantern",
            "password2": "river granite lantern",
        },
        **host,
    )
    client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Olive again",
            "email": owner.email,
            "password1": "river granite lantern",
            "password2": "river granite lantern",
        },
        **host,
    )

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert _origins(message) == {"http://127.0.0.1:8611"}, message.subject


def test_development_links_outside_a_request_use_the_site_url(owner, settings):
    from careermanager.accounts.services import send_verification_email

    settings.SITE_URL = "http://127.0.0.1:8611"
    send_verification_email(user=owner)

    assert _origins(mail.outbox[0]) == {"http://127.0.0.1:8611"}


def test_verifier_links_follow_the_request_in_development(owner, settings):
    from tests.competence.factories import AssessmentFactory

    settings.ALLOWED_HOSTS = ["localhost"]
    assessment = AssessmentFactory(owner=owner)
    client = Client(HTTP_HOST="localhost:8611")
    client.force_login(owner)

    client.post(
        reverse("competence:verification-new", args=[assessment.pk]),
        {"name": "Vera Verifier", "email": "vera@example.org", "role": "Mentor", "message": ""},
    )

    assert _origins(mail.outbox[-1]) == {"http://localhost:8611"}


def test_production_links_use_the_site_url_never_the_host_header(client, owner, settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "https://careers.example.org"
    settings.ALLOWED_HOSTS = ["evil.test"]

    client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Nina New",
            "email": "nina@example.org",
            "password1": "river granite lantern",
            "password2": "river granite lantern",
        },
        HTTP_HOST="evil.test",
    )

    assert _origins(mail.outbox[0]) == {"https://careers.example.org"}


def _production_env(tmp_path, **extra) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAREERMANAGER_")}
    environment.update(
        CAREERMANAGER_ENV="production",
        CAREERMANAGER_SECRET_KEY="y" * 50,
        CAREERMANAGER_ALLOWED_HOSTS="careers.example.org",
        CAREERMANAGER_SITE_URL="https://careers.example.org",
        CAREERMANAGER_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="careermanager.settings",
    )
    environment.update(extra)
    return environment


def test_production_requires_the_site_url(tmp_path):
    environment = _production_env(tmp_path)
    del environment["CAREERMANAGER_SITE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", "import careermanager.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "CAREERMANAGER_SITE_URL is required" in result.stderr


# Private pages -------------------------------------------------------------------------------


def test_signed_in_pages_are_not_stored(owner_client):
    response = owner_client.get(reverse("core:home"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_pages_for_everyone_keep_their_caching(client):
    response = client.get(reverse("accounts:signup"))

    assert response.get("Cache-Control") != "private, no-store"


def test_a_view_that_sets_its_own_cache_control_keeps_it(owner_client):
    # The log-in page is never_cache; a signed-in visit is redirected with Django's header.
    response = owner_client.get(reverse("accounts:login"))

    assert "no-cache" in response["Cache-Control"]


_PRODUCTION_CHECK = """
import django
django.setup()
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

assert "careermanager.core.middleware.PrivatePagesMiddleware" in settings.MIDDLEWARE
middleware = import_string("careermanager.core.middleware.PrivatePagesMiddleware")

class Person:
    is_authenticated = True

class Nobody:
    is_authenticated = False

for user in (Person(), Nobody()):
    request = RequestFactory().get("/", HTTP_HOST="careers.example.org")
    request.user = user
    print(middleware(lambda request: HttpResponse("x"))(request).get("Cache-Control"))
"""


def test_production_profile_sends_no_store_to_signed_in_people(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", _PRODUCTION_CHECK],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split("\n")[:2] == ["private, no-store", "None"]


# The client's address ------------------------------------------------------------------------


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_proxy_the_connection_address_counts(settings):
    settings.BEHIND_PROXY = False

    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"


def test_behind_the_proxy_the_right_most_forwarded_address_counts(settings):
    settings.BEHIND_PROXY = True
    settings.CLIENT_IP_HEADER = ""
    settings.TRUSTED_PROXIES = []

    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request()) == "10.0.0.2"


def test_trusted_proxies_in_the_chain_are_skipped(settings):
    settings.BEHIND_PROXY = True
    settings.CLIENT_IP_HEADER = ""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    forwarded = "1.2.3.4, 203.0.113.9, 10.1.1.1"
    assert client_ip(_request(HTTP_X_FORWARDED_FOR=forwarded)) == "203.0.113.9"
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9, junk")) == "10.0.0.2"


def test_a_configured_header_is_read_instead(settings):
    settings.BEHIND_PROXY = True
    settings.CLIENT_IP_HEADER = "X-Real-IP"

    request = _request(HTTP_X_REAL_IP="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.7"


def _fail_log_in(email: str, ip: str) -> None:
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ip).post(
        reverse("accounts:login"), {"username": email, "password": "wrong password"}
    )


def test_behind_the_proxy_one_client_cannot_lock_out_another(owner, settings):
    settings.BEHIND_PROXY = True
    settings.CLIENT_IP_HEADER = ""
    settings.TRUSTED_PROXIES = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_log_in(owner.email, "203.0.113.66")

    owner_from_home = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = owner_from_home.post(
        reverse("accounts:login"), {"username": owner.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_the_audit_trail_records_the_client_address(owner, settings):
    from careermanager.core.models import AuditEvent

    settings.BEHIND_PROXY = True
    settings.CLIENT_IP_HEADER = ""
    settings.TRUSTED_PROXIES = []
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        reverse("accounts:login"), {"username": owner.email, "password": TEST_PASSWORD}
    )

    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert event.ip_address == "198.51.100.7"
