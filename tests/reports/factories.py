"""Document jobs in each state, with a small file for the ready ones."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from careermanager.reports.models import DocumentJob
from tests.factories import UserFactory


class DocumentJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentJob

    owner = factory.SubFactory(UserFactory)
    kind = "cpd.summary"
    title = "CPD activity report, 1 January 2025 to 31 December 2025"
    parameters = factory.LazyFunction(lambda: {"start": "2025-01-01", "end": "2025-12-31"})
    file_format = DocumentJob.Format.PDF
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda job: job.created_at + timedelta(days=7))

    class Params:
        ready = factory.Trait(
            status=DocumentJob.Status.READY,
            progress=100,
            filename="cpd-activity-report.pdf",
            content_type="application/pdf",
            file=factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 test", name="report.pdf")),
            size=13,
            item_count=3,
            finished_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(
            status=DocumentJob.Status.FAILED,
            error="Something went wrong while making this document. Please try again.",
            finished_at=factory.LazyFunction(timezone.now),
        )
