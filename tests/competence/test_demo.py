"""The demo member's competence records: realistic, and created once however often it runs."""

from careermanager.competence import demo
from careermanager.competence.models import (
    Assessment,
    CompetenceAssessment,
    CompetenceRevision,
    JobProfile,
    JobProfileItem,
    VerificationComment,
)
from careermanager.competence.queries import assessment_view
from careermanager.core.models import GuestTicket


def _counts():
    return [
        model.objects.count()
        for model in (
            Assessment,
            CompetenceAssessment,
            CompetenceRevision,
            GuestTicket,
            VerificationComment,
            JobProfile,
            JobProfileItem,
        )
    ]


def test_demo_data_is_realistic_and_idempotent(owner, staff):
    demo.populate(member=owner, staff=staff)
    first = _counts()
    demo.populate(member=owner, staff=staff)
    assert _counts() == first

    assessment = Assessment.objects.get(owner=owner)
    assert assessment.framework.category == "CEng"
    view = assessment_view(assessment, history=True)
    assert 12 <= view.assessed_count < view.total == 17
    with_history = [row for row in view.rows if len(row.history) > 1]
    assert len(with_history) >= 3
    assert any(row.earlier_levels for row in view.rows)
    assert all(" I " in f" {row.current.evidence}" for row in view.rows if row.current)
    ticket = GuestTicket.objects.for_target(assessment).get()
    assert ticket.is_valid
    assert VerificationComment.objects.filter(ticket=ticket, competence=None).exists()
    assert VerificationComment.objects.filter(ticket=ticket).count() >= 3
    profile = JobProfile.objects.get(owner=owner)
    assert profile.title == "Engineering manager — next role"
    frameworks = {item.competence.area.framework.code for item in profile.items.all()}
    assert frameworks == {"UK-SPEC-CEng", "CM-Project-Management"}
