import re

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "quartz-harbour-violet-77"


def _path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_reset_emails_a_single_use_link(client, owner):
    response = client.post(reverse("accounts:password-reset"), {"email": "Owner@Example.org"})

    assert response.url == reverse("accounts:password-reset-done")
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert mail.outbox[0].subject == "Reset your password"
    link = _path(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)

    assert "Your password has been changed" in done.text
    owner.refresh_from_db()
    assert owner.check_password(NEW)
    assert AuditEvent.objects.filter(action="accounts.user.password_reset").exists()
    stale = client.get(link, follow=True)
    assert "This link has expired or has been used" in stale.text


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, owner):
    known = client.post(reverse("accounts:password-reset"), {"email": "owner@example.org"})
    unknown = client.post(reverse("accounts:password-reset"), {"email": "who@example.org"})

    assert known.url == unknown.url
    assert len(mail.outbox) == 1


def test_reset_link_confirms_an_unconfirmed_address(client):
    user = UserFactory(email="late@example.org", email_verified_at=None)
    client.post(reverse("accounts:password-reset"), {"email": "late@example.org"})
    form_page = client.get(_path(mail.outbox[0]), follow=True)

    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_reset_links_point_at_the_configured_site(client, owner, settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "https://careers.example.org"
    settings.ALLOWED_HOSTS = ["evil.test"]

    client.post(
        reverse("accounts:password-reset"), {"email": "owner@example.org"}, HTTP_HOST="evil.test"
    )

    assert "https://careers.example.org/accounts/password/reset/" in mail.outbox[0].body
    assert "evil.test" not in mail.outbox[0].body


def test_change_password(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert "Your password has been changed" in response.text
    owner.refresh_from_db()
    assert owner.check_password(NEW)


def test_change_password_with_a_wrong_old_password(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password-change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )

    assert "There is a problem" in response.text
    assert "Your old password was entered incorrectly" in response.text
    owner.refresh_from_db()
    assert owner.check_password(TEST_PASSWORD)
