"""Background work: telling the members of a new sample that their declaration was chosen."""

from django.tasks import task

from careermanager.core.mail import absolute_url, send_email
from careermanager.review.models import MonitoringCase
from careermanager.review.source import source


@task
def notify_sampled(sample_id: int) -> int:
    """Email each member drawn in the sample; returns how many were emailed."""
    cases = MonitoringCase.objects.filter(sample_id=sample_id).select_related("owner")
    provider = source()
    sent = 0
    for case in cases.iterator(chunk_size=1000):
        send_email(
            to=[case.owner.email],
            subject=f"Your {case.year} CPD declaration has been chosen for monitoring",
            template="review/email/sampled.txt",
            context={
                "member": case.owner,
                "case": case,
                "link": absolute_url(provider.member_url(case.declaration_id)),
            },
        )
        sent += 1
    return sent
