"""Submitted declarations for the monitoring tests."""

from django.utils import timezone

from careermanager.declarations.models import Declaration, Status
from careermanager.declarations.services import declaration_submit
from careermanager.declarations.tasks import make_submitted_pdf
from tests.declarations.factories import DeclarationFactory
from tests.factories import UserFactory

YEAR = timezone.localdate().year - 1


def submitted(owner=None, *, year: int = YEAR) -> Declaration:
    """A declaration submitted through the service: snapshot, hash, PDF and email."""
    declaration = DeclarationFactory(owner=owner or UserFactory(), year=year, complete=True)
    declaration_submit(declaration=declaration, actor=declaration.owner)
    # The PDF is made after the commit; a caller's transaction may never reach it.
    if not Declaration.objects.get(pk=declaration.pk).pdf:
        make_submitted_pdf.call(declaration.pk)
    declaration.refresh_from_db()
    return declaration


def many_submitted(count: int, *, year: int = YEAR) -> list[Declaration]:
    """Many submitted declarations quickly, with a placeholder snapshot (for lists and draws)."""
    users = UserFactory.create_batch(count)
    now = timezone.now()
    return Declaration.objects.bulk_create(
        Declaration(
            owner=user,
            year=year,
            status=Status.SUBMITTED,
            monitoring_agreed_at=now,
            submitted_at=now,
            snapshot={},
            snapshot_sha256="0" * 64,
        )
        for user in users
    )
