"""Supporters and the intention to register, as a member and as staff sees them."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.registration import services
from careermanager.registration.models import Intention, Relationship, Status, Supporter
from careermanager.registration.schemas import member_records
from tests.factories import UserFactory
from tests.profiles.factories import PersonalDetailsFactory
from tests.queries import assert_flat_queries
from tests.registration.factories import IntentionFactory, SupporterFactory, submitted_intention

pytestmark = pytest.mark.django_db

SUPPORTER = {
    "name": "Helen Achterberg",
    "email": "helen@example.net",
    "relationship": Relationship.SPONSOR,
    "registration_number": "CEng 512877",
    "note": "",
}


def add_supporter(client, **changes):
    return client.post(reverse("registration:supporter-add"), SUPPORTER | changes)


# Supporters


def test_a_member_adds_a_supporter_and_sees_them_listed(owner, owner_client):
    response = add_supporter(owner_client)
    assert response.status_code == 302
    supporter = Supporter.objects.get(owner=owner)
    assert supporter.registration_number == "CEng 512877"
    page = owner_client.get(reverse("registration:supporter-list"))
    assert "Helen Achterberg" in page.content.decode()
    assert "Sponsor" in page.content.decode()
    assert AuditEvent.objects.filter(action="registration.supporter.added").count() == 1


def test_the_same_email_twice_is_refused_whatever_its_case(owner, owner_client):
    add_supporter(owner_client)
    response = add_supporter(owner_client, name="Someone Else", email="HELEN@Example.NET")
    assert response.status_code == 200
    assert "You already have a supporter with this email address." in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert Supporter.objects.filter(owner=owner).count() == 1


def test_another_member_may_use_the_same_supporter(owner, other_member):
    services.supporter_create(owner=owner, **SUPPORTER)
    services.supporter_create(owner=other_member, **SUPPORTER)
    assert Supporter.objects.count() == 2


def test_the_database_refuses_a_duplicate_email(owner):
    SupporterFactory(owner=owner, email="a@example.net")
    with pytest.raises(IntegrityError), transaction.atomic():
        Supporter.objects.create(
            owner=owner, name="B", email="A@EXAMPLE.NET", relationship=Relationship.OTHER
        )


def test_a_member_cannot_support_their_own_application(owner, owner_client):
    response = add_supporter(owner_client, email="Owner@Example.org")
    assert "You cannot support your own application" in response.content.decode()
    assert not Supporter.objects.exists()


def test_changing_a_supporter_to_another_supporters_email_is_refused(owner, owner_client):
    SupporterFactory(owner=owner, email="first@example.net")
    second = SupporterFactory(owner=owner, email="second@example.net")
    response = owner_client.post(
        reverse("registration:supporter-edit", args=[second.pk]),
        SUPPORTER | {"email": "First@example.net"},
    )
    assert "You already have a supporter with this email address." in response.content.decode()
    second.refresh_from_db()
    assert second.email == "second@example.net"


def test_changing_a_supporter_keeps_the_change(owner, owner_client):
    supporter = SupporterFactory(owner=owner)
    owner_client.post(
        reverse("registration:supporter-edit", args=[supporter.pk]),
        SUPPORTER | {"name": "Helen A. Achterberg"},
    )
    supporter.refresh_from_db()
    assert supporter.name == "Helen A. Achterberg"


def test_removing_a_supporter_asks_first(owner, owner_client):
    supporter = SupporterFactory(owner=owner, name="Marcus Fenwick")
    url = reverse("registration:supporter-delete", args=[supporter.pk])
    page = owner_client.get(url)
    assert "Remove Marcus Fenwick from your supporters?" in page.content.decode()
    assert Supporter.objects.filter(pk=supporter.pk).exists()
    owner_client.post(url)
    assert not Supporter.objects.filter(pk=supporter.pk).exists()


def test_another_members_supporter_is_not_found(owner, other_client):
    supporter = SupporterFactory(owner=owner)
    for name in ("registration:supporter-edit", "registration:supporter-delete"):
        url = reverse(name, args=[supporter.pk])
        assert other_client.get(url).status_code == 404
        assert other_client.post(url, SUPPORTER).status_code == 404
    assert Supporter.objects.filter(pk=supporter.pk, name=supporter.name).exists()


def test_the_supporters_list_costs_the_same_with_5_or_200(owner, owner_client):
    SupporterFactory.create_batch(5, owner=owner)
    assert_flat_queries(
        owner_client,
        reverse("registration:supporter-list"),
        grow=lambda: SupporterFactory.create_batch(195, owner=owner),
    )


# The intention and its checklist


def test_starting_twice_leads_to_the_one_draft(owner, owner_client):
    url = reverse("registration:intention-start")
    owner_client.post(url)
    owner_client.post(url)
    assert Intention.objects.filter(owner=owner).count() == 1


def test_the_database_allows_one_draft_per_member(owner):
    IntentionFactory(owner=owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intention.objects.create(owner=owner)


def test_the_checklist_shows_what_is_complete(owner, owner_client):
    intention = IntentionFactory(owner=owner)
    url = reverse("registration:intention-detail", args=[intention.pk])
    assert "You have completed 0 of 3 required items." in owner_client.get(url).content.decode()

    PersonalDetailsFactory(owner=owner, address_line_1="1 Mill Lane", country="United Kingdom")
    owner_client.post(
        reverse("registration:intention-category", args=[intention.pk]),
        {"category": "IEng", "timescale": "within_6_months", "route": "not_known"},
    )
    page = owner_client.get(url).content.decode()
    assert "You have completed 2 of 3 required items." in page
    assert "IEng, within 6 months" in page

    supporter = SupporterFactory(owner=owner)
    owner_client.post(
        reverse("registration:intention-supporters", args=[intention.pk]),
        {"supporters": [supporter.pk]},
    )
    page = owner_client.get(url).content.decode()
    assert "You have completed 3 of 3 required items." in page
    assert "Check and submit your intention" in page


def test_the_scheme_route_needs_the_schemes_name(owner, owner_client):
    intention = IntentionFactory(owner=owner)
    response = owner_client.post(
        reverse("registration:intention-category", args=[intention.pk]),
        {"category": "EngTech", "timescale": "1_to_2_years", "route": "approved_scheme"},
    )
    assert "Give the name of the scheme." in response.content.decode()
    intention.refresh_from_db()
    assert intention.category == ""


def test_a_supporter_of_another_member_cannot_be_chosen(owner, owner_client, other_member):
    intention = IntentionFactory(owner=owner)
    theirs = SupporterFactory(owner=other_member)
    response = owner_client.post(
        reverse("registration:intention-supporters", args=[intention.pk]),
        {"supporters": [theirs.pk]},
    )
    assert response.status_code == 200
    assert not intention.supporters.exists()


def test_submit_is_refused_while_items_are_missing(owner, owner_client):
    intention = IntentionFactory(owner=owner)
    response = owner_client.post(
        reverse("registration:intention-submit", args=[intention.pk]), {"confirm": "on"}
    )
    page = response.content.decode()
    assert "Complete these before you submit" in page
    assert "1. Your personal details" in page
    intention.refresh_from_db()
    assert intention.status == Status.DRAFT
    assert not mail.outbox


def test_submitting_acknowledges_by_email_and_freezes_the_form(owner, owner_client):
    intention = IntentionFactory(owner=owner, complete=True)
    response = owner_client.post(
        reverse("registration:intention-submit", args=[intention.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    intention.refresh_from_db()
    assert intention.status == Status.SUBMITTED
    assert intention.submitted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    assert "registration as Chartered Engineer (CEng)" in mail.outbox[0].body
    page = owner_client.get(response.url).content.decode()
    assert "You submitted this intention on" in page
    assert "Save and return" not in page


def test_a_submitted_intention_keeps_its_supporters_as_they_were(owner, owner_client):
    intention = submitted_intention(owner)
    supporter = intention.supporters.get()
    name = supporter.name
    services.supporter_update(
        supporter=supporter, actor=owner, **(SUPPORTER | {"name": "Someone New"})
    )
    services.supporter_delete(supporter=supporter, actor=owner)
    page = owner_client.get(reverse("registration:intention-detail", args=[intention.pk]))
    assert name in page.content.decode()


def test_a_crafted_post_cannot_change_a_submitted_intention(owner, owner_client):
    intention = submitted_intention(owner)
    for name, data in (
        (
            "registration:intention-category",
            {"category": "IEng", "timescale": "within_6_months", "route": "standard"},
        ),
        ("registration:intention-note", {"note": "Changed"}),
        ("registration:intention-supporters", {"supporters": []}),
    ):
        response = owner_client.post(reverse(name, args=[intention.pk]), data)
        assert response.status_code == 404
    again = owner_client.post(
        reverse("registration:intention-submit", args=[intention.pk]), {"confirm": "on"}
    )
    assert again.status_code == 302
    intention.refresh_from_db()
    assert (intention.category, intention.note) == ("CEng", "")
    assert len(mail.outbox) == 1
    with pytest.raises(services.ValidationError):
        services.intention_set_note(intention=intention, actor=owner, note="Changed")


def test_a_new_intention_can_follow_a_submitted_one(owner, owner_client):
    submitted_intention(owner)
    owner_client.post(reverse("registration:intention-start"))
    assert Intention.objects.filter(owner=owner, status=Status.DRAFT).count() == 1


def test_another_members_intention_is_not_found(owner, other_client):
    intention = IntentionFactory(owner=owner, complete=True)
    for name in (
        "registration:intention-detail",
        "registration:intention-category",
        "registration:intention-check",
    ):
        assert other_client.get(reverse(name, args=[intention.pk])).status_code == 404
    response = other_client.post(
        reverse("registration:intention-submit", args=[intention.pk]), {"confirm": "on"}
    )
    assert response.status_code == 404
    intention.refresh_from_db()
    assert intention.status == Status.DRAFT


# Home panel


def test_the_home_panel_invites_a_member_with_no_intention(owner_client):
    page = owner_client.get(reverse("core:home")).content.decode()
    assert "State your intention to register" in page


def test_the_home_panel_shows_a_drafts_progress(owner, owner_client):
    intention = IntentionFactory(owner=owner)
    page = owner_client.get(reverse("core:home")).content.decode()
    assert reverse("registration:intention-detail", args=[intention.pk]) in page
    assert "0 of 3 required items complete" in page


def test_the_home_panel_costs_one_query(owner, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careermanager.registration.dashboard import panel

    IntentionFactory(owner=owner, complete=True)
    request = rf.get("/")
    request.user = owner
    with CaptureQueriesContext(connection) as queries:
        result = panel(request)
    assert result["done"] == 3
    assert len(queries) == 1


# Staff


def test_staff_see_submitted_intentions_newest_first_by_category(staff_client):
    first = submitted_intention(UserFactory(full_name="Early Engineer"))
    second = submitted_intention(UserFactory(full_name="Late Engineer"))
    IntentionFactory(owner=UserFactory(full_name="Drafting Engineer"), complete=True)
    page = staff_client.get(reverse("registration:staff-intentions")).content.decode()
    assert page.index("Late Engineer") < page.index("Early Engineer")
    assert "Drafting Engineer" not in page
    assert "<strong>CEng</strong>: 2" in page
    assert (
        staff_client.get(reverse("registration:staff-intentions") + "?category=IEng")
        .content.decode()
        .count("Engineer</a>")
        == 0
    )
    detail = staff_client.get(reverse("registration:staff-intention", args=[first.pk]))
    assert "Early Engineer" in detail.content.decode()
    assert second.pk != first.pk


def test_staff_pages_are_forbidden_to_members(owner, owner_client):
    intention = submitted_intention(owner)
    assert owner_client.get(reverse("registration:staff-intentions")).status_code == 403
    url = reverse("registration:staff-intention", args=[intention.pk])
    assert owner_client.get(url).status_code == 403


def test_a_draft_is_not_shown_to_staff(owner, staff_client):
    intention = IntentionFactory(owner=owner)
    url = reverse("registration:staff-intention", args=[intention.pk])
    assert staff_client.get(url).status_code == 404


def test_the_staff_list_costs_the_same_with_more_intentions(staff_client):
    submitted_intention(UserFactory())
    assert_flat_queries(
        staff_client,
        reverse("registration:staff-intentions"),
        grow=lambda: [submitted_intention(UserFactory()) for _ in range(5)],
    )


# Records


def test_member_records_hold_supporters_and_intentions(owner, django_assert_num_queries):
    intention = submitted_intention(owner)
    with django_assert_num_queries(8):
        records = member_records(owner)
    assert [r.id for r in records.intentions] == [intention.pk]
    assert records.intentions[0].supporter_ids == [records.supporters[0].id]
    assert records.intentions[0].category == "CEng"
