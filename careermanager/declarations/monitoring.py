"""What declarations lend to CPD monitoring, which sits beside them and may not import them.

The review app reads submitted declarations through ``DeclarationSource``, named on
``DeclarationsConfig.monitored_submissions``; its own records point at a declaration by the
foreign key "declarations.Declaration" and reach it through the reverse relation
``monitoring_case``. In the other direction, an app adds a panel to a submitted declaration's
page through ``declaration_panels`` on its AppConfig (``careermanager.declarations.panels``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from careermanager.declarations.documents import document_for
from careermanager.declarations.models import Declaration, Status
from careermanager.declarations.queries import submitted_in_year
from careermanager.declarations.supporting import DOCUMENT_TYPES
from careermanager.documents.queries import documents_for


@dataclass(frozen=True)
class Submission:
    """One submitted declaration, as staff read it."""

    pk: int
    owner: object  # the member (a User)
    year: int
    submitted_at: datetime
    sha256: str
    has_pdf: bool
    summary_html: str  # what was sent, from the snapshot: the same text as the PDF
    documents: tuple  # the supporting documents (SupportingDocument), in the form's order


class DeclarationSource:
    """Submitted declarations for the review app."""

    def submitted(self, year: int) -> QuerySet:
        """The year's submitted declarations with their members: one query when evaluated."""
        return submitted_in_year(year)

    def years(self) -> list[tuple[int, int]]:
        """Each year with submitted declarations and how many, newest first. One query."""
        rows = (
            Declaration.objects.filter(status=Status.SUBMITTED)
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return list(rows)

    def submission(self, pk: int) -> Submission | None:
        """A submitted declaration with its summary and supporting documents, or None."""
        declaration = (
            Declaration.objects.filter(pk=pk, status=Status.SUBMITTED)
            .select_related("owner")
            .first()
        )
        if declaration is None:
            return None
        summary = render_to_string(
            "declarations/includes/document.html",
            {"document": document_for(declaration), "level": 3},
        )
        held = documents_for(declaration.owner, declaration)
        return Submission(
            pk=declaration.pk,
            owner=declaration.owner,
            year=declaration.year,
            submitted_at=declaration.submitted_at,
            sha256=declaration.snapshot_sha256,
            has_pdf=bool(declaration.pdf),
            summary_html=summary,
            documents=tuple(held[kind.key] for kind in DOCUMENT_TYPES if kind.key in held),
        )

    def pdf(self, pk: int):
        """The kept PDF (a FieldFile) of a submitted declaration, or None."""
        declaration = Declaration.objects.filter(pk=pk, status=Status.SUBMITTED).first()
        return declaration.pdf if declaration is not None and declaration.pdf else None

    def member_url(self, pk: int) -> str:
        """The declaration's page, as its member sees it."""
        return reverse("declarations:detail", args=[pk])
