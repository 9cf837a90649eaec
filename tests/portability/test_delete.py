from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import User
from careermanager.core.management.commands.demo import DEMO_PASSWORD
from careermanager.core.models import AuditEvent
from careermanager.cpd.models import Activity
from careermanager.declarations.models import Declaration
from careermanager.documents.models import SupportingDocument
from careermanager.documents.services import document_upload
from careermanager.portability.models import DataExport
from careermanager.profiles.models import PersonalDetails
from careermanager.reports.models import DocumentJob
from tests.conftest import signed_in_client
from tests.documents.files import pdf
from tests.factories import TEST_PASSWORD
from tests.portability.factories import ready_export

# Deleting must run its after-commit work (removing files, raising the data version) once the
# account is gone, as it does for real, not at each write.
pytestmark = [pytest.mark.django_db, pytest.mark.real_on_commit]


def _generated_document(owner) -> DocumentJob:
    now = timezone.now()
    name = default_storage.save("reports/documents/2026/11/cpd.pdf", ContentFile(pdf()))
    return DocumentJob.objects.create(
        owner=owner,
        kind="cpd.summary",
        file_format="pdf",
        status=DocumentJob.Status.READY,
        file=name,
        finished_at=now,
        expires_at=now + timedelta(days=7),
    )


@pytest.fixture
def member_with_files(demo_member):
    """The demo member: a submitted declaration with 2 files, a draft with 1, and documents."""
    draft = Declaration.objects.owned_by(demo_member).drafts().get()
    document_upload(
        owner=demo_member,
        holder=draft,
        type_key="declaration.activity-report",
        files=[SimpleUploadedFile("draft log.pdf", pdf())],
    )
    _generated_document(demo_member)
    ready_export(demo_member)
    return demo_member


def _names(queryset, field="file"):
    return [name for name in queryset.values_list(field, flat=True) if name]


def test_the_page_says_first_what_the_institution_keeps_and_why(member_with_files):
    page = signed_in_client(member_with_files).get(reverse("portability:delete-account"))
    submitted = Declaration.objects.owned_by(member_with_files).submitted().get()
    assert f"Your CPD declaration for {submitted.year}" in page.text
    assert "record of its decisions" in page.text
    assert "Delete your account" in page.text


def test_a_wrong_password_deletes_nothing(member_with_files):
    client = signed_in_client(member_with_files)
    response = client.post(reverse("portability:delete-account"), {"password": TEST_PASSWORD})
    assert "That is not your password." in response.text
    assert PersonalDetails.objects.filter(owner=member_with_files).exists()


def test_deleting_removes_personal_data_and_files_and_keeps_what_is_submitted(
    member_with_files, django_capture_on_commit_callbacks
):
    member = member_with_files
    submitted = Declaration.objects.owned_by(member).submitted().get()
    kept_key = f"declarations.declaration:{submitted.pk}"
    kept_files = _names(SupportingDocument.objects.filter(holder=kept_key))
    kept_files += _names(Declaration.objects.filter(pk=submitted.pk), "pdf")
    gone_files = _names(SupportingDocument.objects.exclude(holder=kept_key).filter(owner=member))
    gone_files += _names(DocumentJob.objects.filter(owner=member))
    gone_files += _names(DataExport.objects.filter(owner=member))
    assert len(kept_files) == 2
    assert len(gone_files) == 3
    client = signed_in_client(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portability:delete-account"), {"password": DEMO_PASSWORD}, follow=True
        )

    assert "Your account is deleted" in response.text
    for name in gone_files:
        assert not default_storage.exists(name), name
    for name in kept_files:
        assert default_storage.exists(name), name
    assert Declaration.objects.filter(pk=submitted.pk).exists()
    assert not Declaration.objects.filter(owner=member).drafts().exists()
    assert not PersonalDetails.objects.filter(owner=member).exists()
    assert not Activity.objects.filter(owner=member).exists()
    assert not DocumentJob.objects.filter(owner=member).exists()
    closed = User.objects.get(pk=member.pk)
    assert closed.full_name == "Deleted account"
    assert closed.email.endswith("@deleted.invalid")
    assert not closed.is_active
    assert not closed.has_usable_password()
    event = AuditEvent.objects.get(action="portability.account.deleted")
    assert event.data["declarations_kept"] == 1
    assert event.data["files_removed"] == 3
    assert member.email not in str(event.data) + event.target_repr
    # Signed out.
    assert client.get(reverse("portability:index"))["Location"].startswith(
        reverse("accounts:login")
    )


def test_when_nothing_is_kept_the_account_goes_entirely(
    member_with_files, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_DELETION_KEEPS = []
    member = member_with_files
    files = _names(SupportingDocument.objects.filter(owner=member))
    files += _names(Declaration.objects.filter(owner=member), "pdf")
    client = signed_in_client(member)
    page = client.get(reverse("portability:delete-account"))
    assert "all of your account is deleted" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portability:delete-account"), {"password": DEMO_PASSWORD})
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Declaration.objects.filter(owner_id=member.pk).exists()
    for name in files:
        assert not default_storage.exists(name)


def test_two_factor_members_give_their_code_too(owner, django_capture_on_commit_callbacks):
    phone = TOTPDevice.objects.create(user=owner, name="phone", confirmed=True)
    backup = StaticDevice.objects.create(user=owner, name="backup", confirmed=True)
    StaticToken.objects.create(device=backup, token="abcd1234")
    client = signed_in_client(owner)
    session = client.session
    session["otp_device_id"] = phone.persistent_id  # signed in with their second factor
    session.save()
    url = reverse("portability:delete-account")
    response = client.post(url, {"password": TEST_PASSWORD})
    assert "Enter the code from your authenticator app" in response.text
    response = client.post(url, {"password": TEST_PASSWORD, "token": "000000"})
    assert "That code is not right" in response.text
    assert User.objects.filter(pk=owner.pk).exists()
    # A wrong code makes the next try wait a second (django-otp's throttling); time passes.
    StaticDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"password": TEST_PASSWORD, "token": "abcd1234"})
    assert not User.objects.filter(pk=owner.pk).exists()


def test_another_members_records_are_untouched(
    owner, other_member, django_capture_on_commit_callbacks
):
    from tests.cpd.factories import ActivityFactory

    ActivityFactory(owner=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(owner).post(
            reverse("portability:delete-account"), {"password": TEST_PASSWORD}
        )
    assert not User.objects.filter(pk=owner.pk).exists()
    assert Activity.objects.filter(owner=other_member).count() == 1
