"""A member's registration assessment: starting, saving with history, summary and chart."""

import re

import pytest
from django.urls import reverse

from careermanager.competence.models import (
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
    LevelGuidance,
    SkillLevel,
)
from careermanager.competence.services import assessment_start
from careermanager.core.models import AuditEvent
from tests.competence.factories import AssessmentFactory, assess, competence
from tests.factories import UserFactory
from tests.queries import assert_flat_queries


@pytest.fixture
def assessment(owner):
    return assessment_start(owner=owner, category="CEng")


def _competence_url(assessment, code="B2"):
    return reverse("competence:assessment-competence", args=[assessment.pk, code])


def _save(client, assessment, code="B2", **data):
    values = {"level": "practitioner", "evidence": "I planned the tests.", "reference": ""}
    return client.post(_competence_url(assessment, code), values | data)


def test_start_an_assessment_by_category(owner_client, owner):
    response = owner_client.post(reverse("competence:assessment-start"), {"category": "IEng"})
    assessment = Assessment.objects.get(owner=owner)
    assert assessment.framework.category == "IEng"
    assert response.url == reverse("competence:assessment-detail", args=[assessment.pk])
    # A second click opens the same assessment.
    owner_client.post(reverse("competence:assessment-start"), {"category": "IEng"})
    assert Assessment.objects.filter(owner=owner).count() == 1


def test_starting_needs_a_category(owner_client, owner):
    response = owner_client.post(reverse("competence:assessment-start"), {})
    assert "Choose the registration category you are working towards" in response.text
    assert not Assessment.objects.filter(owner=owner).exists()


def test_start_rejects_get(owner_client, owner):
    response = owner_client.get(reverse("competence:assessment-start") + "?category=CEng")
    assert response.status_code == 405
    assert not Assessment.objects.exists()


def test_the_task_list_shows_every_competence_with_its_status(owner_client, owner, assessment):
    assess(owner, "A1")
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert "You have assessed 1 of 17 competences." in page.text
    assert page.text.count("Completed</strong>") == 1
    assert page.text.count("Not started</strong>") == 16
    for code in ("A1", "B3", "C4", "E5"):
        assert f'id="competence-{code}"' in page.text


def test_the_competence_page_shows_guidance_for_each_level_as_option_hints(
    owner_client, assessment
):
    page = owner_client.get(_competence_url(assessment, "B2"))
    b2 = competence("B2")
    for guidance in LevelGuidance.objects.filter(competence=b2):
        assert guidance.text in page.text
    assert '<legend class="field__label">Which level describes you now?' in page.text
    assert 'aria-describedby="id_level_3_hint"' in page.text
    assert 'maxlength="4000"' in page.text
    assert "data-count" in page.text


def test_saving_records_level_evidence_and_an_audit_event(owner_client, owner, assessment):
    response = _save(
        owner_client, assessment, evidence="I ran 240 fault cases.", reference="Report TR-114"
    )
    assert response.status_code == 302
    assert response.url.endswith("#competence-B2")
    current = CompetenceAssessment.objects.get(owner=owner)
    assert (current.level, current.evidence, current.reference) == (
        "practitioner",
        "I ran 240 fault cases.",
        "Report TR-114",
    )
    assert AuditEvent.objects.filter(action="competence.competence.assessed").count() == 1
    page = owner_client.get(response.url)
    assert "Saved B2: Practitioner." in page.text


def test_history_is_kept_across_three_edits(owner_client, owner, assessment):
    _save(owner_client, assessment, level="trainee", evidence="First: I helped with tests.")
    _save(owner_client, assessment, level="supervised", evidence="Second: I planned tests.")
    _save(owner_client, assessment, level="practitioner", evidence="Third: I led the studies.")
    current = CompetenceAssessment.objects.get(owner=owner)
    assert current.level == "practitioner"
    revisions = list(current.revisions.values_list("level", "evidence"))
    assert revisions == [
        ("practitioner", "Third: I led the studies."),
        ("supervised", "Second: I planned tests."),
        ("trainee", "First: I helped with tests."),
    ]
    page = owner_client.get(_competence_url(assessment))
    text = page.text
    assert text.index("Third: I led") < text.index("Second: I planned") < text.index("First: I")


def test_saving_the_same_thing_twice_adds_no_history(owner_client, owner, assessment):
    _save(owner_client, assessment)
    _save(owner_client, assessment)
    assert CompetenceRevision.objects.count() == 1


@pytest.mark.parametrize(
    "reference",
    [
        "https://sharepoint.example.com/report.pdf",
        "see www.example.org/reports",
        "reports.acme.co.uk/TR-114",
        "ftp://files/report",
    ],
)
def test_links_are_refused_in_the_reference(owner_client, owner, assessment, reference):
    response = _save(owner_client, assessment, reference=reference)
    assert response.status_code == 200
    assert "not a web link" in response.text
    assert f'value="{reference}"' in response.text  # what they typed stays in the form
    assert not CompetenceAssessment.objects.filter(owner=owner).exists()


@pytest.mark.parametrize(
    "reference", ["Test report TR-114, issue 2", "Drawing 4471-E-002 rev C", "Spec v1.2.3"]
)
def test_document_names_are_accepted_as_references(owner_client, owner, assessment, reference):
    _save(owner_client, assessment, reference=reference)
    assert CompetenceAssessment.objects.get(owner=owner).reference == reference


def test_evidence_is_limited_on_the_server(owner_client, owner, assessment):
    response = _save(owner_client, assessment, evidence="x" * 4001)
    assert "Your evidence must be 4,000 characters or fewer" in response.text
    assert not CompetenceAssessment.objects.exists()


def test_level_and_evidence_are_required(owner_client, owner, assessment):
    response = owner_client.post(_competence_url(assessment), {"level": "", "evidence": ""})
    assert "Choose the level that describes you now" in response.text
    assert "Describe your evidence for this competence" in response.text
    assert "<title>Error: " in response.text


def test_an_unknown_level_is_refused(owner_client, assessment):
    response = _save(owner_client, assessment, level="wizard")
    assert response.status_code == 200
    assert not CompetenceAssessment.objects.exists()


def test_another_member_gets_404(other_client, owner, assessment):
    assess(owner, "B2", evidence="Private evidence")
    for url in (
        reverse("competence:assessment-detail", args=[assessment.pk]),
        reverse("competence:assessment-summary", args=[assessment.pk]),
        _competence_url(assessment),
    ):
        assert other_client.get(url).status_code == 404
    response = _save(other_client, assessment, evidence="Overwritten")
    assert response.status_code == 404
    assert CompetenceAssessment.objects.get(owner=owner).evidence == "Private evidence"


def test_an_unknown_competence_code_is_404(owner_client, assessment):
    assert owner_client.get(_competence_url(assessment, "Z9")).status_code == 404


def test_the_same_competence_record_serves_every_assessment_of_the_member(owner, assessment):
    assess(owner, "B2")
    assess(owner, "B2", level=SkillLevel.EXPERT, evidence="Later")
    assert CompetenceAssessment.objects.filter(owner=owner).count() == 1


def test_summary_table_counts_levels_by_area(owner_client, owner, assessment):
    assess(owner, "A1", level=SkillLevel.EXPERT)
    assess(owner, "A2", level=SkillLevel.PRACTITIONER)
    assess(owner, "C1", level=SkillLevel.SUPERVISED)
    page = owner_client.get(reverse("competence:assessment-summary", args=[assessment.pk]))
    html = re.sub(r">\s+<", "><", page.text)
    cells = "".join(f'<td class="numeric">{value}</td>' for value in (0, 0, 1, 1, "2 of 2"))
    assert f"A. Knowledge and understanding</th>{cells}" in html
    cells = "".join(f'<td class="numeric">{value}</td>' for value in (0, 1, 0, 0, "1 of 4"))
    assert f"C. Responsibility, management and leadership</th>{cells}" in html
    assert "3 of 17 competences assessed" in html
    assert "C4 Bring about continuous quality improvement" in html  # still to do


def test_summary_chart_is_an_accessible_svg_with_the_same_numbers_in_a_table(
    owner_client, owner, assessment
):
    assess(owner, "A1", level=SkillLevel.SUPERVISED, evidence="Earlier")
    assess(owner, "A1", level=SkillLevel.EXPERT, evidence="Now")
    page = owner_client.get(reverse("competence:assessment-summary", args=[assessment.pk]))
    html = page.text
    svg = html[html.index('<svg class="levels-chart"') : html.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="levels-chart-title">' in svg
    assert '<desc id="levels-chart-desc">' in svg
    assert "1 assessed" in svg
    assert not re.search(r"\sstyle=", html[html.index("<main") :])
    # The bar for A1 is four columns long (Expert) and a circle marks Supervised.
    assert 'width="480"' in svg
    assert "A1: Supervised Practitioner from" in svg
    table = html[html.index("The chart's figures") :]
    assert "Expert" in table
    assert "Supervised Practitioner from" in table


def test_overview_query_count_stays_flat_as_competences_and_revisions_grow(
    owner_client, owner, assessment
):
    assess(owner, "A1")
    url = reverse("competence:assessment-detail", args=[assessment.pk])

    def grow():
        area = assessment.framework.areas.get(code="A")
        for number in range(3, 8):
            extra = Competence.objects.create(
                area=area, code=f"A{number}", title=f"Extra {number}", description="x", order=9
            )
            assess(owner, of=extra, code=extra.code)
        for level in (SkillLevel.TRAINEE, SkillLevel.EXPERT, SkillLevel.SUPERVISED):
            assess(owner, "B1", level=level, evidence=f"Version {level}")

    count = assert_flat_queries(owner_client, url, grow=grow)
    assert count < 20


def test_summary_query_count_stays_flat_as_revisions_grow(owner_client, owner, assessment):
    assess(owner, "A1")
    url = reverse("competence:assessment-summary", args=[assessment.pk])

    def grow():
        for code in ("A2", "B1", "B2"):
            for level in SkillLevel.values:
                assess(owner, code, level=level, evidence=f"{code} {level}")

    assert_flat_queries(owner_client, url, grow=grow)


def _panel_html(user) -> str:
    """The competence panel as the home page renders it."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from careermanager.competence.dashboard import panel

    request = RequestFactory().get("/")
    request.user = user
    context = panel(request)
    return render_to_string(context["template"], {"panel": context}, request=request)


def test_dashboard_panel_shows_completeness(owner, assessment):
    for code in ("A1", "A2", "B1"):
        assess(owner, code)
    html = _panel_html(owner)
    assert "CEng: <strong>3 of 17 competences assessed</strong>" in html
    assert reverse("competence:assessment-detail", args=[assessment.pk]) in html


def test_dashboard_panel_invites_members_without_an_assessment(owner):
    html = _panel_html(owner)
    assert "Start your assessment" in html
    assert reverse("competence:assessment-list") in html


def test_the_home_page_lists_the_competence_panel(owner):
    from careermanager.competence.dashboard import panel
    from careermanager.core.navigation import _panel_functions

    assert panel in _panel_functions()


def test_assessment_list_shows_progress(owner_client, owner, assessment):
    assess(owner, "A1")
    AssessmentFactory(owner=UserFactory())  # someone else's
    page = owner_client.get(reverse("competence:assessment-list"))
    assert "1 of 17" in page.text
    assert page.text.count("assessment-detail") == 0  # names resolve to URLs
    assert reverse("competence:assessment-detail", args=[assessment.pk]) in page.text


def test_index_explains_and_links(owner_client, staff_client):
    page = owner_client.get(reverse("competence:index"))
    assert "UK-SPEC" in page.text
    assert "ICTTech" in page.text
    assert reverse("competence:job-profile-list") in page.text
    assert reverse("competence:framework-list") not in page.text
    assert (
        reverse("competence:framework-list") in staff_client.get(reverse("competence:index")).text
    )
