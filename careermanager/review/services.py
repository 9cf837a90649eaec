"""Drawing samples, recording outcomes and replies: each in a transaction, each audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.review.models import (
    TEXT_LIMIT,
    CaseEntry,
    CaseStatus,
    EntryKind,
    MonitoringCase,
    Outcome,
    Sample,
)
from careermanager.review.sampling import choose, new_seed, sample_size
from careermanager.review.source import source


class CaseClosed(Exception):
    """The case already has its final outcome."""


def sample_draw(*, year: int, method: str, amount: int, seed: str = "", actor) -> Sample:
    """Draw the year's sample from the submitted declarations not yet sampled.

    A second draw for a year adds only declarations that are not in an earlier one. Members
    drawn are emailed by a task once the transaction commits.
    """
    seed = seed.strip() or new_seed()
    with transaction.atomic():
        candidates = list(
            source()
            .submitted(year)
            .filter(monitoring_case__isnull=True)
            .order_by()
            .values_list("pk", "owner_id")
        )
        size = sample_size(method, amount, len(candidates))
        if size == 0:
            raise ValidationError(
                {"amount": f"There are no submitted declarations for {year} left to sample."}
            )
        owners = dict(candidates)
        chosen = choose(list(owners), seed=seed, size=size)
        sample = Sample(
            year=year,
            method=method,
            amount=amount,
            seed=seed,
            population=len(candidates),
            drawn=size,
            drawn_by=actor,
            drawn_at=timezone.now(),
        )
        sample.full_clean()
        sample.save()
        try:
            with transaction.atomic():
                MonitoringCase.objects.bulk_create(
                    (
                        MonitoringCase(
                            owner_id=owners[pk], declaration_id=pk, year=year, sample=sample
                        )
                        for pk in chosen
                    ),
                    batch_size=2000,
                )
        except IntegrityError:
            raise ValidationError(
                "Another sample for this year was drawn at the same moment. "
                "Look at the year's page, then draw again if you still need to."
            ) from None
        audit(
            "review.sample.drawn",
            actor=actor,
            target=sample,
            data={
                "year": year,
                "method": method,
                "amount": amount,
                "seed": seed,
                "population": len(candidates),
                "drawn": size,
            },
        )
        from careermanager.review.tasks import notify_sampled

        transaction.on_commit(lambda: notify_sampled.enqueue(sample.pk))
    return sample


def _email_outcome(case: MonitoringCase, entry: CaseEntry) -> None:
    send_email(
        to=[case.owner.email],
        subject=f"CPD monitoring of your {case.year} declaration: {entry.get_outcome_display()}",
        template="review/email/outcome.txt",
        context={
            "member": case.owner,
            "case": case,
            "entry": entry,
            "link": absolute_url(source().member_url(case.declaration_id)),
        },
    )


def case_outcome_record(
    *, case: MonitoringCase, outcome: str, feedback: str, actor
) -> MonitoringCase:
    """Record staff's outcome and feedback; the member is emailed and sees it on their page.

    "Meets" and "does not meet" close the case; "needs more" asks the member to reply, and
    another outcome can follow the reply.
    """
    with transaction.atomic():
        case = MonitoringCase.objects.select_for_update().select_related("owner").get(pk=case.pk)
        if case.is_closed:
            raise CaseClosed
        now = timezone.now()
        entry = CaseEntry(
            case=case,
            kind=EntryKind.OUTCOME,
            outcome=outcome,
            text=feedback.strip(),
            author=actor,
            created_at=now,
        )
        entry.full_clean(exclude=["case"])
        entry.save()
        case.status = {
            Outcome.MEETS: CaseStatus.MEETS,
            Outcome.NEEDS_MORE: CaseStatus.NEEDS_MORE,
            Outcome.DOES_NOT_MEET: CaseStatus.DOES_NOT_MEET,
        }[Outcome(outcome)]
        case.outcome_at = now
        case.full_clean(exclude=["declaration", "sample", "owner"])
        case.save(update_fields=["status", "outcome_at", "updated_at"])
        audit(
            "review.case.outcome_recorded",
            actor=actor,
            target=case,
            data={"outcome": outcome, "declaration": case.declaration_id},
        )
        _email_outcome(case, entry)
    return case


def case_reply(*, case: MonitoringCase, text: str, actor) -> MonitoringCase:
    """The member answers a request for more information."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter your reply."})
    if len(text) > TEXT_LIMIT:
        raise ValidationError({"text": f"Your reply must be {TEXT_LIMIT:,} characters or fewer."})
    with transaction.atomic():
        case = MonitoringCase.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.NEEDS_MORE:
            raise ValidationError(
                {
                    "text": "Staff have not asked you for more information, so there is nothing "
                    "to reply to."
                }
            )
        now = timezone.now()
        CaseEntry.objects.create(
            case=case, kind=EntryKind.REPLY, text=text, author=actor, created_at=now
        )
        case.replied_at = now
        case.save(update_fields=["replied_at", "updated_at"])
        audit(
            "review.case.replied",
            actor=actor,
            target=case,
            data={"declaration": case.declaration_id},
        )
    return case


def case_url(case: MonitoringCase) -> str:
    return reverse("review:case", args=[case.pk])
