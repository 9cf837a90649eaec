"""Downloads of the assessment and of job profiles, as PDF and Word."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from careermanager.competence.models import SkillLevel
from careermanager.competence.services import assessment_start, verification_comment
from tests.competence.factories import (
    JobProfileFactory,
    JobProfileItemFactory,
    assess,
    competence,
    competence_of,
    issue_ticket,
)
from tests.reports.pdftools import pdf_pages, pdf_text, squeeze


@pytest.fixture
def assessment(owner):
    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "A1", level=SkillLevel.SUPERVISED, evidence="I checked relay settings.")
    assess(
        owner,
        "A1",
        level=SkillLevel.EXPERT,
        evidence="I derived new settings from first principles.",
        reference="Array cable review SOT-0231",
    )
    assess(owner, "B2", evidence="I planned 240 fault cases. #set page(width: 1cm) *bold*")
    ticket, _ = issue_ticket(assessment)
    verification_comment(
        ticket=ticket, assessment=assessment, competence=None, body="Ready after C4."
    )
    return assessment


def _download(client, name, pk, format):
    return client.get(reverse(f"competence:{name}", args=[pk, format]))


def test_assessment_pdf_has_the_levels_evidence_history_and_comments(owner_client, assessment):
    response = _download(owner_client, "assessment-download", assessment.pk, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ceng-competence-assessment-olive-owner.pdf"'
    )
    text = squeeze(pdf_text(response.content))
    assert "CEng competence assessment" in text
    assert "Olive Owner" in text
    assert "Competences assessed 2 of 17" in text
    assert "I derived new settings from first principles." in text
    assert "Array cable review SOT-0231" in text
    assert "Supervised Practitioner from" in text  # the earlier level of A1
    assert "I checked relay settings." in text  # the earlier version's evidence
    assert "Comment from Priya Natarajan (mentor)" in text
    assert "Ready after C4." in text
    assert "#set page(width: 1cm) *bold*" in text  # member text is data, not markup
    assert "C4 Bring about continuous quality improvement and promote best practice" in text
    assert "Not assessed yet." in text


def test_assessment_word_document(owner_client, assessment):
    response = _download(owner_client, "assessment-download", assessment.pk, "docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    word = WordDocument(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "I derived new settings from first principles." in text
    assert "A. Knowledge and understanding" in text
    assert word.inline_shapes  # the chart


def test_job_profile_pdf_and_word(owner_client, owner):
    profile = JobProfileFactory(owner=owner, title="Engineering manager")
    JobProfileItemFactory(profile=profile, competence=competence("C2"), target_level="expert")
    JobProfileItemFactory(profile=profile, competence=competence_of("CM-Project-Management", "PM3"))
    assess(owner, "C2", level=SkillLevel.PRACTITIONER, evidence="I manage a £600k budget.")
    response = _download(owner_client, "job-profile-download", profile.pk, "pdf")
    text = squeeze(pdf_text(response.content))
    assert "Job profile summary" in text
    assert "Engineering manager" in text
    assert "Targets met 0 of 2" in text
    assert "1 level to go" in text
    assert "Not assessed yet" in text
    assert "I manage a £600k budget." in text
    word = _download(owner_client, "job-profile-download", profile.pk, "docx")
    document = WordDocument(io.BytesIO(word.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "PM3 Manage risks and issues" in cells


def test_an_unknown_format_is_404(owner_client, assessment):
    assert _download(owner_client, "assessment-download", assessment.pk, "xlsx").status_code == 404


def test_another_member_gets_404(other_client, owner, assessment):
    profile = JobProfileFactory(owner=owner)
    assert _download(other_client, "assessment-download", assessment.pk, "pdf").status_code == 404
    assert _download(other_client, "job-profile-download", profile.pk, "pdf").status_code == 404


def test_the_pages_link_to_the_downloads(owner_client, owner, assessment):
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert reverse("competence:assessment-download", args=[assessment.pk, "pdf"]) in page.text
    profile = JobProfileFactory(owner=owner)
    page = owner_client.get(reverse("competence:job-profile-detail", args=[profile.pk]))
    assert reverse("competence:job-profile-download", args=[profile.pk, "docx"]) in page.text


def test_assessment_pdf_has_its_chart_on_the_first_page(owner_client, assessment):
    response = _download(owner_client, "assessment-download", assessment.pk, "pdf")

    first = squeeze(pdf_pages(response.content)[0])
    # The chart's caption and its column labels: drawn under the summary table, not on page 2.
    assert "Levels over time" in first
    assert "Trainee Supervised Practitioner Expert" in first


def test_assessment_pdf_keeps_each_caption_with_its_table(owner_client, owner):
    assessment = assessment_start(owner=owner, category="CEng")
    codes = ("A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "E1", "E2")
    # Evidence of varied lengths, so that some caption falls near the foot of a page.
    for number, code in enumerate(codes):
        first, then = 10 + number * 3 % 40, 20 + number * 9 % 60
        assess(owner, code, level=SkillLevel.SUPERVISED, evidence=f"First for {code}. " * first)
        assess(owner, code, level=SkillLevel.PRACTITIONER, evidence=f"Then for {code}. " * then)

    response = _download(owner_client, "assessment-download", assessment.pk, "pdf")

    pages = [squeeze(page) for page in pdf_pages(response.content)]
    captions = 0
    for page in pages:
        # Each caption is followed on its page by the header row and the first row.
        for after in page.split("Earlier versions, newest first")[1:]:
            captions += 1
            assert after.startswith(" Saved Level Evidence "), after[:80]
            assert " Supervised Practitioner First for " in after[:200], after[:200]
    assert captions == len(codes)
