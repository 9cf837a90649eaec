"""Starting, filling in and submitting a CPD declaration: every change, with its audit event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.core.snapshots import snapshot_hash
from careermanager.declarations.checklist import checklist, missing
from careermanager.declarations.models import Compliance, Declaration, Status
from careermanager.declarations.years import open_years
from careermanager.documents.services import documents_lock_for_holder

# The fields each section of the checklist may change.
SECTION_FIELDS = {
    "employment-status": ("employment_status", "employment_comments"),
    "employment-history": ("employment_selection", "employment_ids"),
    "academic-study": ("study_selection", "study_ids"),
    "compliance": ("compliance", "compliance_reason", "out_of_work_from", "out_of_work_to"),
}


class AlreadySubmitted(Exception):
    """The declaration was submitted already (perhaps a moment ago, by another request)."""


def _refuse_if_submitted(declaration: Declaration) -> None:
    if declaration.is_submitted:
        raise ValidationError("This declaration has been submitted and can no longer change.")


@transaction.atomic
def declaration_start(*, owner, year: int) -> tuple[Declaration, bool]:
    """The member's declaration for the year, started now with monitoring agreed.

    Returns (declaration, created): a declaration already started for the year is returned
    as it is, so a second start leads to the first.
    """
    existing = Declaration.objects.owned_by(owner).filter(year=year).first()
    if existing is not None:
        return existing, False
    if year not in open_years():
        raise ValidationError({"year": f"Declarations for {year} are not open."})
    declaration = Declaration(owner=owner, year=year, monitoring_agreed_at=timezone.now())
    declaration.full_clean()
    try:
        with transaction.atomic():
            declaration.save()
    except IntegrityError:
        # Started at the same moment by another request: that one is the declaration.
        return Declaration.objects.owned_by(owner).get(year=year), False
    audit("declarations.declaration.started", actor=owner, target=declaration, data={"year": year})
    return declaration, True


@transaction.atomic
def declaration_update(*, declaration: Declaration, section: str, actor, **values) -> Declaration:
    """Save one section of the checklist."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _refuse_if_submitted(declaration)
    allowed = SECTION_FIELDS[section]
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{section} does not hold {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(declaration, name, value)
    if declaration.compliance != Compliance.NOT_MET:
        declaration.compliance_reason = ""
        declaration.out_of_work_from = declaration.out_of_work_to = None
    if declaration.compliance == Compliance.NOT_MET and not declaration.compliance_reason.strip():
        raise ValidationError({"compliance_reason": "Say why you have not met the CPD policy."})
    declaration.full_clean()
    declaration.save()
    audit(
        "declarations.declaration.updated",
        actor=actor,
        target=declaration,
        data={"section": section},
    )
    return declaration


@transaction.atomic
def declaration_confirm(*, declaration: Declaration, item: str, actor) -> Declaration:
    """Record that the member acknowledged their reports ("reports") or checked the hours."""
    field = {"reports": "reports_acknowledged_at", "hours": "hours_confirmed_at"}[item]
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _refuse_if_submitted(declaration)
    setattr(declaration, field, timezone.now())
    declaration.save(update_fields=[field, "updated_at"])
    audit(
        "declarations.declaration.confirmed", actor=actor, target=declaration, data={"item": item}
    )
    return declaration


def declaration_submit(*, declaration: Declaration, actor) -> Declaration:
    """Submit the declaration: freeze its snapshot, then make its PDF and email the member.

    Two submissions at once give one: the row is locked, and the second finds it submitted
    (AlreadySubmitted). Refused with the missing items named when a required one is not done.
    """
    from careermanager.declarations.snapshot import declaration_records
    from careermanager.declarations.tasks import make_submitted_pdf

    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update().select_related("owner").get(pk=declaration.pk)
        )
        if locked.is_submitted:
            raise AlreadySubmitted
        still_missing = missing(checklist(locked))
        if still_missing:
            names = ", ".join(f"{item.number}. {item.title}" for item in still_missing)
            raise ValidationError(f"Complete these before you submit: {names}.", code="incomplete")
        records = declaration_records(locked)
        now = timezone.now()
        records["declaration"]["submitted_at"] = now.isoformat().replace("+00:00", "Z")
        locked.snapshot = records
        locked.snapshot_sha256 = snapshot_hash(records)
        locked.status = Status.SUBMITTED
        locked.submitted_at = now
        locked.full_clean()
        locked.save()
        # The files sent are the ones the snapshot's fingerprints describe: keep them so.
        documents_lock_for_holder(owner=locked.owner, holder=locked)
        audit(
            "declarations.declaration.submitted",
            actor=actor,
            target=locked,
            data={"year": locked.year, "sha256": locked.snapshot_sha256},
        )
        send_email(
            to=[locked.owner.email],
            subject=f"Your CPD declaration for {locked.year} has been submitted",
            template="declarations/email/submitted.txt",
            context={
                "declaration": locked,
                "member": locked.owner,
                "link": absolute_url(reverse("declarations:detail", args=[locked.pk])),
            },
        )
        declaration_id = locked.pk
        transaction.on_commit(lambda: make_submitted_pdf.enqueue(declaration_id))
    return locked
