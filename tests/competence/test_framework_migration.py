"""The correction of the registration frameworks keeps every member's answers.

Migration 0004 rewrites our transcription of the standards in place. This goes back to the
data first shipped (0002), records answers the way members made them then, including one to
ICTTech E5, which the standard does not have, and migrates forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from careermanager.competence.models import (
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
)
from careermanager.competence.queries import assessment_view

FIRST_SHIPPED = [("competence", "0002_load_frameworks")]
# Forward to every app's latest migration: going back to 0002 also unapplied the apps that
# depend on competence (development, and those above it), and the tests after this one need
# every table the current models have.
CORRECTED = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def answer(apps, owner, competence, *versions):
    """A member's answer as the service made it then: the current values and each save."""
    CompetenceAssessment = apps.get_model("competence", "CompetenceAssessment")
    CompetenceRevision = apps.get_model("competence", "CompetenceRevision")
    level, evidence = versions[-1]
    current = CompetenceAssessment.objects.create(
        owner=owner, competence=competence, level=level, evidence=evidence, reference="TR-7"
    )
    for level, evidence in versions:
        CompetenceRevision.objects.create(
            competence_assessment=current, level=level, evidence=evidence, reference="TR-7"
        )
    return current.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_and_history_survive_the_correction():
    old = migrate(FIRST_SHIPPED)
    User = old.get_model("accounts", "User")
    Framework = old.get_model("competence", "Framework")
    OldCompetence = old.get_model("competence", "Competence")
    OldAssessment = old.get_model("competence", "Assessment")
    owner = User.objects.create(email="member@example.org", full_name="Mo Member", password="!")
    icttech = Framework.objects.get(code="ICTTech-Standard", edition="3rd edition")
    ceng = Framework.objects.get(code="UK-SPEC-CEng", edition="4th edition")
    ict_assessment = OldAssessment.objects.create(owner=owner, framework=icttech)
    OldAssessment.objects.create(owner=owner, framework=ceng)
    ict = {c.code: c for c in OldCompetence.objects.filter(area__framework=icttech)}
    assert "E5" in ict
    e5 = answer(
        old,
        owner,
        ict["E5"],
        ("supervised", "I asked before sharing customer data."),
        ("practitioner", "I refused to share customer data without consent."),
    )
    a1 = answer(old, owner, ict["A1"], ("practitioner", "I chose the imaging method."))
    old_c2 = OldCompetence.objects.get(area__framework=ceng, code="C2")
    assert (
        old_c2.title
        == "Manage the planning, budgeting and organisation of tasks, people and resources"
    )
    c2 = answer(old, owner, old_c2, ("expert", "I ran the substation project's budget."))

    migrate(CORRECTED)

    assert CompetenceAssessment.objects.count() == 3
    assert CompetenceRevision.objects.count() == 4
    kept = CompetenceAssessment.objects.get(pk=e5)
    assert (kept.level, kept.evidence, kept.reference) == (
        "practitioner",
        "I refused to share customer data without consent.",
        "TR-7",
    )
    assert [revision.evidence for revision in kept.revisions.order_by("pk")] == [
        "I asked before sharing customer data.",
        "I refused to share customer data without consent.",
    ]
    assert kept.competence.code == "E5"
    assert kept.competence.is_retired
    assert kept.competence.retired_at <= timezone.now()
    assert CompetenceAssessment.objects.get(pk=a1).evidence == "I chose the imaging method."
    corrected_c2 = CompetenceAssessment.objects.get(pk=c2)
    assert corrected_c2.competence_id == old_c2.pk  # the same competence, corrected in place
    assert "organise, direct and control" in corrected_c2.competence.title
    assert corrected_c2.evidence == "I ran the substation project's budget."

    view = assessment_view(Assessment.objects.get(pk=ict_assessment.pk), history=True)
    assert view.total == 15
    assert view.assessed_count == 1
    assert [row.competence.code for row in view.retired] == ["E5"]
    assert len(view.retired[0].history) == 2
    icttech_codes = Competence.objects.of_framework(view.assessment.framework).current()
    assert "C4" in set(icttech_codes.values_list("code", flat=True))
