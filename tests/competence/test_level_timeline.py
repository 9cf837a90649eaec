"""Each competence's level over time, from every saved version, in words and as a chart."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.models import CompetenceRevision, SkillLevel
from careermanager.competence.services import assessment_start
from tests.competence.factories import assess
from tests.queries import assert_flat_queries


@pytest.fixture
def assessment(owner):
    return assessment_start(owner=owner, category="CEng")


def _on(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


def _three_versions(owner, code="B2"):
    """Trainee, then Supervised Practitioner, then Practitioner, on known dates."""
    for level, day in (
        (SkillLevel.TRAINEE, "2025-03-03"),
        (SkillLevel.SUPERVISED, "2025-09-01"),
        (SkillLevel.PRACTITIONER, "2026-06-09"),
    ):
        current = assess(owner, code, level=level, evidence=f"{code} at {level}")
        current.revisions.filter(level=level).update(created_at=_on(day))


TIMELINE = (
    "Trainee from 3 March 2025, Supervised Practitioner from 1 September 2025, "
    "Practitioner since 9 June 2026"
)


def test_the_assessment_page_says_how_each_level_changed(owner_client, owner, assessment):
    _three_versions(owner)
    assess(owner, "A1")  # one level only: nothing changed over time
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert f"Level over time: {TIMELINE}" in page.text
    assert page.text.count("Level over time:") == 1
    assert CompetenceRevision.objects.filter(competence_assessment__owner=owner).count() == 4


def test_the_competence_page_shows_the_timeline_in_words_and_as_a_chart(
    owner_client, owner, assessment
):
    _three_versions(owner)
    page = owner_client.get(reverse("competence:assessment-competence", args=[assessment.pk, "B2"]))
    assert "<h2>Your level over time</h2>" in page.text
    assert f'<p id="level-over-time">{TIMELINE}.</p>' in page.text
    assert 'aria-labelledby="timeline-chart-title timeline-chart-desc"' in page.text
    assert '<title id="timeline-chart-title">Your level in B2 over time</title>' in page.text
    assert f'<desc id="timeline-chart-desc">{TIMELINE}</desc>' in page.text
    # One point per level held, each named for a pointer or screen magnifier.
    assert page.text.count("<circle") == 3
    assert "<title>Supervised Practitioner from 1 September 2025</title>" in page.text


def test_a_level_saved_again_with_new_evidence_is_not_a_change(owner_client, owner, assessment):
    assess(owner, "B2", level=SkillLevel.PRACTITIONER, evidence="First")
    assess(owner, "B2", level=SkillLevel.PRACTITIONER, evidence="Second")
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert "Level over time:" not in page.text
    competence_page = owner_client.get(
        reverse("competence:assessment-competence", args=[assessment.pk, "B2"])
    )
    assert competence_page.text.count("<circle") == 1
    assert "Practitioner since" in competence_page.text


def test_a_competence_not_assessed_has_no_timeline(owner_client, assessment):
    page = owner_client.get(reverse("competence:assessment-competence", args=[assessment.pk, "B2"]))
    assert "Your level over time" not in page.text


def test_the_assessment_page_reads_every_timeline_in_a_fixed_number_of_queries(
    owner_client, owner, assessment
):
    _three_versions(owner, "A1")

    def grow():
        for code in ("A2", "B1", "B2", "B3", "C1"):
            _three_versions(owner, code)

    assert_flat_queries(
        owner_client, reverse("competence:assessment-detail", args=[assessment.pk]), grow=grow
    )
