"""Deleting a member's account: their personal data, uploaded files and generated documents.

What the institution must keep stays, as ``CAREERMANAGER_ACCOUNT_DELETION_KEEPS`` says:
submitted CPD declarations (with their monitoring and the documents sent with them) and sent
registration applications (with their roles, statements, attestations, timeline, documents,
and the CV roles they name). When something is kept, the account row stays as their holder,
with no name, no address, no password and no way to sign in; otherwise it is deleted too.

Every other row that belongs to the member goes, found through the relations to the user
model rather than a list, so an app added later is covered without a change here.
"""

import logging
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models, transaction

from careermanager.core.audit import audit
from careermanager.declarations.models import Declaration
from careermanager.declarations.models import Status as DeclarationStatus
from careermanager.documents.models import SupportingDocument
from careermanager.portability import conf
from careermanager.registration.models import SENT_STATUSES, Application, ApplicationRole

logger = logging.getLogger(__name__)

DELETED_DOMAIN = "deleted.invalid"


@dataclass(frozen=True)
class KeptRecords:
    """What deleting this account leaves with the institution, and why."""

    declarations: list[Declaration]
    applications: list[Application]
    reason: str

    @property
    def any(self) -> bool:
        return bool(self.declarations or self.applications)

    def holder_keys(self) -> set[str]:
        return {f"declarations.declaration:{d.pk}" for d in self.declarations} | {
            f"registration.application:{a.pk}" for a in self.applications
        }


def kept_records(user) -> KeptRecords:
    """The submitted records the institution keeps when this member deletes their account."""
    keeps = conf.deletion_keeps()
    declarations = applications = []
    if "declarations" in keeps:
        declarations = list(
            Declaration.objects.owned_by(user)
            .filter(status=DeclarationStatus.SUBMITTED)
            .order_by("-year")
        )
    if "applications" in keeps:
        applications = list(
            Application.objects.owned_by(user)
            .filter(status__in=SENT_STATUSES)
            .order_by("-submitted_at")
        )
    return KeptRecords(declarations, applications, conf.deletion_reason())


def _kept_rows(user, kept: KeptRecords) -> dict[str, set]:
    """Primary keys of the rows to leave, by model label."""
    rows = {
        "declarations.declaration": {d.pk for d in kept.declarations},
        "registration.application": {a.pk for a in kept.applications},
        "documents.supportingdocument": set(
            SupportingDocument.objects.owned_by(user)
            .filter(holder__in=kept.holder_keys())
            .values_list("pk", flat=True)
        ),
        "profiles.employment": set(
            ApplicationRole.objects.filter(application__in=kept.applications).values_list(
                "employment_id", flat=True
            )
        ),
    }
    if kept.declarations:
        # The institution's monitoring of the submitted declarations is its own record.
        from careermanager.review.models import MonitoringCase

        rows["review.monitoringcase"] = set(
            MonitoringCase.objects.filter(owner=user).values_list("pk", flat=True)
        )
    return rows


def _stored_files(user, kept_rows: dict[str, set]) -> list[str]:
    """Names in storage of the member's files that go: uploads, documents made, exports."""
    names = []
    for rel in get_user_model()._meta.related_objects:
        model = rel.related_model
        if not rel.on_delete or rel.on_delete is not models.CASCADE:
            continue
        file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        rows = model._base_manager.filter(**{rel.field.name: user}).exclude(
            pk__in=kept_rows.get(model._meta.label_lower, ())
        )
        for values in rows.values_list(*file_fields):
            names.extend(name for name in values if name)
    return names


@transaction.atomic
def account_delete(*, user) -> dict:
    """Remove the member's personal data and files, keeping what the institution must."""
    user_model = get_user_model()
    user_model.objects.select_for_update().filter(pk=user.pk).first()
    kept = kept_records(user)
    kept_rows = _kept_rows(user, kept)
    files = _stored_files(user, kept_rows)
    summary = {
        "files_removed": len(files),
        "declarations_kept": len(kept.declarations),
        "applications_kept": len(kept.applications),
    }
    # No name or address in the trail: the member's id is enough to match it to kept records.
    audit("portability.account.deleted", actor=None, data={"user_id": user.pk} | summary)
    if not kept.any:
        user.delete()
    else:
        for rel in user_model._meta.related_objects:
            if rel.on_delete is not models.CASCADE:
                continue
            model = rel.related_model
            model._base_manager.filter(**{rel.field.name: user}).exclude(
                pk__in=kept_rows.get(model._meta.label_lower, ())
            ).delete()
        user.email = f"deleted-{uuid.uuid4().hex}@{DELETED_DOMAIN}"
        user.full_name = "Deleted account"
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.email_verified_at = None
        user.save()
        user.groups.clear()
        user.user_permissions.clear()

    def remove_files():
        for name in files:
            try:
                default_storage.delete(name)
            except OSError:  # the daily sweep of unreferenced files removes it later
                logger.warning("Could not delete %s of a deleted account", name)

    transaction.on_commit(remove_files)
    return summary
