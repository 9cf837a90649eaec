"""Personal details (the member's own) and membership details (kept by staff)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from careermanager.core.models import AuditEvent
from careermanager.profiles.models import MembershipDetails, PersonalDetails
from tests.factories import UserFactory
from tests.profiles.factories import MembershipDetailsFactory

PERSONAL = {
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


def test_personal_details_start_from_the_account_name(owner_client):
    form = owner_client.get(reverse("profiles:personal-details")).context["form"]
    assert form["first_name"].value() == "Olive"
    assert form["last_name"].value() == "Owner"


def test_personal_details_are_saved_and_audited(owner, owner_client):
    response = owner_client.post(reverse("profiles:personal-details"), PERSONAL, follow=True)
    assert "Your personal details have been saved." in response.content.decode()
    details = PersonalDetails.objects.get(owner=owner)
    assert details.address_lines == ["1 High Street", "Leeds", "LS1 1AA", "United Kingdom"]
    assert AuditEvent.objects.filter(action="profiles.personal_details.updated").exists()
    # Saving again changes the one record rather than adding a second.
    owner_client.post(reverse("profiles:personal-details"), PERSONAL | {"town": "York"})
    assert PersonalDetails.objects.get(owner=owner).town == "York"


def test_personal_details_errors(owner, owner_client):
    response = owner_client.post(
        reverse("profiles:personal-details"),
        PERSONAL | {"contact_email": "not an address", "town": "T" * 500},
    )
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Town or city must be 100 characters or fewer (you have 500)." in content
    assert not PersonalDetails.objects.exists()


def test_personal_details_refuse_other_methods(owner_client):
    assert owner_client.put(reverse("profiles:personal-details")).status_code == 405


def test_member_reads_membership_details_but_cannot_change_them(owner, owner_client):
    MembershipDetailsFactory(owner=owner, membership_number="1234567", registration_titles="IEng")
    response = owner_client.get(reverse("profiles:membership"))
    content = response.content.decode()
    assert "1234567" in content
    assert "IEng" in content
    assert "staff keep these details" in content
    assert "<form" not in content.split("<main", 1)[1].split("</main>")[0]
    assert owner_client.post(reverse("profiles:membership")).status_code == 405


def test_membership_page_before_anything_is_recorded(owner_client):
    content = owner_client.get(reverse("profiles:membership")).content.decode()
    assert "have not been recorded yet" in content


def test_membership_details_of_another_member_are_not_shown(owner, other_member, owner_client):
    MembershipDetailsFactory(owner=other_member, membership_number="7654321")
    assert "7654321" not in owner_client.get(reverse("profiles:membership")).content.decode()


# Staff --------------------------------------------------------------------------------------


def test_staff_find_a_member_by_name_email_or_number(staff_client, owner, other_member):
    MembershipDetailsFactory(owner=other_member, membership_number="5550001")
    search = reverse("profiles:staff-members")
    by_name = staff_client.get(search, {"q": "olive"}).content.decode()
    assert "owner@example.org" in by_name
    assert "other@example.org" not in by_name
    by_number = staff_client.get(search, {"q": "5550001"}).content.decode()
    assert "other@example.org" in by_number
    assert "owner@example.org" not in by_number
    nothing = staff_client.get(search, {"q": "zzzz"}).content.decode()
    assert "No accounts match" in nothing


def test_staff_search_is_paginated_and_keeps_the_query(staff_client):
    UserFactory.create_batch(30, full_name="Pat Paginate")
    content = staff_client.get(reverse("profiles:staff-members"), {"q": "paginate"})
    text = content.content.decode()
    assert "Page 1 of 2" in text
    assert "q=paginate" in text


def test_staff_record_membership_details_and_it_is_audited(staff, staff_client, owner):
    url = reverse("profiles:staff-membership", args=[owner.pk])
    response = staff_client.post(
        url,
        {
            "membership_number": "1187342",
            "grade": "member",
            "registration_titles": "CEng MIET",
            "member_since": "2014-10-01",
        },
        follow=True,
    )
    assert "Membership details of Olive Owner have been saved." in response.content.decode()
    details = MembershipDetails.objects.get(owner=owner)
    assert details.registration_titles == "CEng MIET"
    assert details.updated_by == staff
    event = AuditEvent.objects.get(action="profiles.membership.updated")
    assert event.actor == staff
    assert event.data["member"] == owner.pk
    # The member sees what staff recorded.
    from tests.conftest import signed_in_client

    member_view = signed_in_client(owner).get(reverse("profiles:membership")).content.decode()
    assert "CEng MIET" in member_view


def test_membership_numbers_are_unique(staff_client, owner, other_member):
    MembershipDetailsFactory(owner=other_member, membership_number="1000001")
    response = staff_client.post(
        reverse("profiles:staff-membership", args=[owner.pk]), {"membership_number": "1000001"}
    )
    assert "Another member already has this membership number." in response.content.decode()
    assert not MembershipDetails.objects.filter(owner=owner).exists()


def test_staff_membership_form_rejects_a_future_date(staff_client, owner):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = staff_client.post(
        reverse("profiles:staff-membership", args=[owner.pk]), {"member_since": tomorrow}
    )
    assert "The date joined must be today or in the past." in response.content.decode()


def test_members_get_403_from_staff_pages_and_change_nothing(owner_client, other_member):
    search = reverse("profiles:staff-members")
    edit = reverse("profiles:staff-membership", args=[other_member.pk])
    page = owner_client.get(search)
    assert page.status_code == 403
    assert "This page is for the institution&#x27;s staff." in page.text
    assert owner_client.get(edit).status_code == 403
    assert owner_client.post(edit, {"registration_titles": "FREng"}).status_code == 403
    assert not MembershipDetails.objects.exists()


def test_staff_page_for_an_unknown_member_is_404(staff_client):
    url = reverse("profiles:staff-membership", args=[999999])
    assert staff_client.get(url).status_code == 404
