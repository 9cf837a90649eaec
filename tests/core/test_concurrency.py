"""The same form sent several times at the same moment: one wins, nobody sees a server error.

These need PostgreSQL (SQLite takes one writer at a time, so requests never overlap there):
run with DATABASE_URL pointing at a PostgreSQL server.
"""

import re

from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from careermanager.accounts.models import User
from careermanager.core.models import GuestTicket
from careermanager.cpd.models import Activity, Folder
from careermanager.profiles.models import PersonalDetails
from tests.competence.factories import AssessmentFactory
from tests.concurrency import at_once, concurrent_postgres, signed_in_clients
from tests.factories import UserFactory

pytestmark = concurrent_postgres("concurrent requests need PostgreSQL")


def _statuses(outcomes) -> list:
    return [getattr(outcome, "status_code", repr(outcome)) for outcome in outcomes]


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="once_token" value="([^"]+)"', page).group(1)


def test_eight_folder_adds_at_once_make_one_folder():
    owner = UserFactory()
    clients = signed_in_clients(owner, 8)
    url = reverse("cpd:folder-add")

    outcomes = at_once(8, lambda i: clients[i].post(url, {"name": "CPD 2026"}))

    assert Folder.objects.filter(owner=owner).count() == 1
    statuses = _statuses(outcomes)
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == 7, statuses
    for outcome in outcomes:
        if outcome.status_code == 200:
            assert "You already have a folder with this name" in outcome.content.decode()


def test_eight_first_saves_of_personal_details_keep_one():
    owner = UserFactory()
    clients = signed_in_clients(owner, 8)
    url = reverse("profiles:personal-details")
    data = {
        "title": "Dr",
        "first_name": "Olive",
        "last_name": "Owner",
        "address_line_1": "1 High Street",
        "town": "Leeds",
        "postcode": "LS1 1AA",
        "country": "United Kingdom",
        "phone": "07700 900123",
        "contact_email": "olive.cv@example.org",
    }

    outcomes = at_once(8, lambda i: clients[i].post(url, data))

    assert PersonalDetails.objects.filter(owner=owner).count() == 1
    statuses = _statuses(outcomes)
    assert set(statuses) <= {200, 302}, statuses
    assert statuses.count(302) >= 1
    for outcome in outcomes:
        if outcome.status_code == 200:
            assert "saved from another tab or device" in outcome.content.decode()


def test_eight_sign_ups_at_once_make_one_account():
    url = reverse("accounts:signup")
    data = {
        "full_name": "Grace Hopper",
        "email": "grace@example.org",
        "password1": "lantern-orbit-meadow-42",
        "password2": "lantern-orbit-meadow-42",
    }

    outcomes = at_once(8, lambda i: Client().post(url, data))

    assert User.objects.filter(email="grace@example.org").count() == 1
    assert _statuses(outcomes) == [200] * 8
    assert all("Check your email" in outcome.content.decode() for outcome in outcomes)


def test_five_identical_activity_adds_at_once_make_one_activity():
    owner = UserFactory()
    clients = signed_in_clients(owner, 5)
    url = reverse("cpd:activity-add")
    data = {
        "type": Activity.Type.EVENT,
        "title": "IET lecture",
        "start_date": "2024-05-01",
        "hours": "1.5",
        "once_token": _token(clients[0], url),
    }

    outcomes = at_once(5, lambda i: clients[i].post(url, data))

    activity = Activity.objects.get(owner=owner)
    assert _statuses(outcomes) == [302] * 5
    assert {outcome.url for outcome in outcomes} == {
        reverse("cpd:activity-detail", args=[activity.pk])
    }


def test_three_identical_verification_requests_at_once_send_one_email():
    owner = UserFactory()
    assessment = AssessmentFactory(owner=owner)
    clients = signed_in_clients(owner, 3)
    url = reverse("competence:verification-new", args=[assessment.pk])
    data = {
        "name": "Vera Verifier",
        "email": "vera@example.org",
        "role": "Mentor",
        "message": "",
        "once_token": _token(clients[0], url),
    }
    mail.outbox.clear()

    outcomes = at_once(3, lambda i: clients[i].post(url, data))

    assert _statuses(outcomes) == [302] * 3
    assert GuestTicket.objects.count() == 1
    assert len(mail.outbox) == 1


def test_connections_are_left_clean():
    assert connection.vendor == "postgresql"
