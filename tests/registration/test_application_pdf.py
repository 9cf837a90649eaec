"""The application as an assessor reads it: the PDF (and Word), its pages, its files, its length."""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from pypdf import PdfReader, PdfWriter

from careermanager.documents.services import document_upload
from careermanager.registration import documents as application_documents
from careermanager.registration.application_records import shown_records
from careermanager.registration.documents import render_application
from careermanager.registration.length import estimated_pages
from careermanager.registration.models import Application
from careermanager.registration.supporting import ACCOUNTABILITY, DEGREE, TRANSCRIPT
from careermanager.registration.tasks import make_application_pdf
from careermanager.reports.documents import (
    Attachment,
    Document,
    Paragraph,
    Section,
    TitleBlock,
)
from careermanager.reports.renderers import render
from careermanager.reports.typst_process import TypstFailed
from tests.documents import files
from tests.factories import UserFactory
from tests.profiles.factories import MembershipDetailsFactory, TrainingFactory
from tests.registration.factories import (
    complete_application,
    locked_application,
    submitted_application,
)
from tests.registration.sizing import sized_application
from tests.reports.pdftools import pdf_pages, squeeze

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
DRAFT_FOOTER = "Draft application for professional registration"


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def text_pdf(words: str, pages: int = 1) -> bytes:
    """A PDF with real text on each page ("<words> 0", "<words> 1"…), as a certificate has."""
    writer = PdfWriter()
    for number in range(pages):
        document = Document(
            title=TitleBlock(
                member="University of Westmoor", title="Certificate", generated_at=WHEN
            ),
            sections=[Section("Award", [Paragraph(f"{words} {number}")])],
            filename="certificate",
        )
        writer.append(PdfReader(io.BytesIO(render(document, "pdf").content)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(application, key: str, name: str, data: bytes):
    return document_upload(
        owner=application.owner,
        holder=application,
        type_key=key,
        files=[files.upload(name, data)],
        actor=application.owner,
    )


def pdf_of(application) -> bytes:
    return render_application(application, "pdf", generated_at=WHEN).content


def _images(resources) -> int:
    """Pictures a page's resources draw, looking inside the forms they place."""
    if not resources:
        return 0
    found = 0
    for reference in resources.get_object().get("/XObject", {}).values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            found += 1
        elif xobject.get("/Subtype") == "/Form":
            found += _images(xobject.get("/Resources"))
    return found


def images_per_page(content: bytes) -> list[int]:
    return [_images(page.get("/Resources")) for page in PdfReader(io.BytesIO(content)).pages]


def without_footer(page: str) -> str:
    return "\n".join(line for line in page.splitlines() if " of " not in line or "Page" not in line)


# The front page, numbering, order ------------------------------------------------------------


def test_the_front_page_has_the_personal_details_and_every_page_its_number(owner):
    application = complete_application(owner)
    MembershipDetailsFactory(owner=owner, membership_number="1048576")
    pages = pdf_pages(pdf_of(application))
    front = squeeze(pages[0])
    for expected in (
        "Olive Owner",
        "1 Mill Lane, Leeds, United Kingdom",
        owner.email,
        "Membership number 1048576",
        "Membership grade Member",
        "Category Incorporated Engineer (IEng)",
        "Route Standard route",
    ):
        assert expected in front
    total = len(pages)
    assert total > 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert DRAFT_FOOTER in text  # a draft says so on every page


def test_the_sections_follow_the_application_forms_order(owner):
    application = complete_application(owner)
    TrainingFactory(owner=owner, title="Relay testing course")
    text = squeeze("\n".join(pdf_pages(pdf_of(application))))
    order = [
        "Personal details",
        "Category and route",
        "Employment history",
        "Protection Engineer",
        "Mina Boss",  # the accountability of the role
        "Education",
        "Development schemes",
        "Relay testing course",
        "Statements against the competences",
        "A1 Have maintained",
        "How I meet A1.",
        "E5 Understand the ethical issues",
        "Panelling and interview",
        "Online (video call)",
        "Supporting documents",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_a_submitted_applications_pdf_has_the_attestations_signatures_and_hash(owner):
    application = submitted_application(owner)
    application.refresh_from_db()
    assert application.pdf, "the task keeps the PDF on submission"
    with application.pdf.open("rb") as kept:
        content = kept.read()
    pages = pdf_pages(content)
    text = squeeze("\n".join(pages))
    assert "Attestations" in text
    for name in ("Grace Sponsor", "Pat Proposer", "Sam Supporter"):
        assert f"Signed by {name}" in text
    assert text.count("CEng MIET 100200") == 3
    assert "A capable engineer." in text
    assert application.snapshot_sha256 in squeeze(pages[0])  # the front page's fingerprint
    assert text.count(application.snapshot_sha256) >= 4  # and the one each attester saw
    assert "Draft" not in text
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # Sponsor, proposer, supporter: the order of the roles.
    assert text.index("Grace Sponsor") < text.index("Pat Proposer") < text.index("Sam Supporter")


def test_the_task_keeps_one_pdf_however_often_it_runs(owner):
    application = submitted_application(owner)
    application.refresh_from_db()
    kept = application.pdf.name
    make_application_pdf.call(application.pk)
    application.refresh_from_db()
    assert application.pdf.name == kept


def test_the_task_leaves_a_draft_alone(owner):
    application = complete_application(owner)
    make_application_pdf.call(application.pk)
    application.refresh_from_db()
    assert not application.pdf


# Supporting documents drawn inline -----------------------------------------------------------


def test_a_supporting_pdfs_pages_are_drawn_inline_with_their_own_text(owner):
    application = complete_application(owner)
    Application.objects.filter(pk=application.pk).update(use_profile_diagram=False)
    application.refresh_from_db()
    before = len(pdf_pages(pdf_of(application)))
    degree = upload(application, DEGREE, "BEng certificate.pdf", text_pdf("Zanzibar honours", 2))
    upload(application, TRANSCRIPT, "transcript.pdf", files.pdf(pages=3))
    pages = pdf_pages(pdf_of(application))
    text = squeeze("\n".join(pages))
    assert len(pages) == before + 2 + 3
    assert "Zanzibar honours 0" in text
    assert "Zanzibar honours 1" in text
    assert "Degree certificates: page 2 of 2" in text
    assert "Apprenticeship or scheme transcript: page 3 of 3" in text
    assert degree.sha256 in text
    total = len(pages)
    assert f"Page {total} of {total}" in pages[-1]


def test_an_uploaded_image_is_embedded_on_a_page_of_its_own(owner):
    application = complete_application(owner)
    Application.objects.filter(pk=application.pk).update(use_profile_diagram=False)
    application.refresh_from_db()
    before = pdf_of(application)
    upload(application, ACCOUNTABILITY, "chart.png", files.image("PNG", size=(400, 300)))
    after = pdf_of(application)
    assert len(pdf_pages(after)) == len(pdf_pages(before)) + 1
    assert sum(images_per_page(after)) == sum(images_per_page(before)) + 1
    assert "Accountability diagram" in pdf_pages(after)[-1]
    assert images_per_page(after)[-1] == 1


def test_the_profiles_diagrams_are_drawn_as_pictures(owner):
    application = complete_application(owner)  # uses the profile's diagram
    text = squeeze("\n".join(pdf_pages(pdf_of(application))))
    assert "Accountability diagram, drawn from the profile: Protection Engineer" in text
    assert "My post" in text  # the drawing's own words


def test_no_page_is_blank(owner):
    application = complete_application(owner)
    upload(application, DEGREE, "degree.pdf", files.pdf(pages=2))  # blank pages of its own
    upload(application, TRANSCRIPT, "transcript.png", files.image("PNG", size=(300, 400)))
    content = pdf_of(application)
    pictures = images_per_page(content)
    for number, page in enumerate(pdf_pages(content)):
        assert without_footer(page).strip() or pictures[number], f"page {number + 1} is blank"


def test_a_file_that_cannot_be_drawn_is_named_instead(owner, monkeypatch):
    application = complete_application(owner)
    document = upload(application, DEGREE, "degree.pdf", files.pdf())

    def refuse_attachments(document, file_format):
        if document.attachments:
            raise TypstFailed("cannot draw that PDF")
        return render(document, file_format)

    monkeypatch.setattr(application_documents, "render", refuse_attachments)
    text = squeeze("\n".join(pdf_pages(pdf_of(application))))
    assert "degree.pdf" in text
    assert document.sha256 in text
    assert "could not be drawn into this document" in text


# A locked application --------------------------------------------------------------------------


def test_a_locked_applications_pdf_does_not_change_after_a_cv_edit(owner):
    from careermanager.profiles.models import Employment, PersonalDetails

    application = locked_application(owner)
    before = pdf_of(application)
    Employment.objects.filter(owner=owner).update(
        responsibilities="Rewritten after locking", job_title="Chief Engineer"
    )
    PersonalDetails.objects.filter(owner=owner).update(town="Bradford")
    after = pdf_of(application)
    assert pdf_pages(after) == pdf_pages(before)
    assert "Rewritten after locking" not in squeeze("\n".join(pdf_pages(after)))
    # A draft, by contrast, shows the CV as it is now.
    draft = complete_application(UserFactory())
    Employment.objects.filter(owner=draft.owner).update(responsibilities="Rewritten now")
    assert "Rewritten now" in squeeze("\n".join(pdf_pages(pdf_of(draft))))


# Word --------------------------------------------------------------------------------------


def test_the_word_version_has_the_text_and_pictures_and_names_the_pdfs(owner):
    application = complete_application(owner)
    degree = upload(application, DEGREE, "BEng certificate.pdf", files.pdf(pages=2))
    upload(application, TRANSCRIPT, "transcript.png", files.image("PNG", size=(300, 200)))
    rendered = render_application(application, "docx")
    assert rendered.filename.endswith(".docx")
    word = WordDocument(io.BytesIO(rendered.content))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Draft application for professional registration" in text
    assert "Olive Owner" in text
    assert "How I meet A1." in text
    assert "BEng certificate.pdf" in text
    assert degree.sha256 in text
    assert "drawn in the PDF version of this document" in text
    # The uploaded picture and the profile's diagram.
    assert len(word.inline_shapes) == 2


# Downloads -----------------------------------------------------------------------------------


def test_the_member_downloads_the_draft_as_pdf_or_word(owner, owner_client):
    application = complete_application(owner)
    url = reverse("registration:application-download", args=[application.pk])
    form = owner_client.get(url)
    assert form.status_code == 200
    assert "Download your application" in form.content.decode()
    response = owner_client.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert DRAFT_FOOTER in pdf_pages(response.content)[0]
    word = owner_client.get(url, {"format": "docx"})
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = owner_client.get(url, {"format": "exe"})
    assert refused.status_code == 200
    assert "Select PDF or Word (.docx)." in refused.content.decode()


def test_the_submitted_pdf_is_served_once_made_and_said_to_be_coming_before(owner, owner_client):
    application = submitted_application(owner)
    url = reverse("registration:application-pdf", args=[application.pk])
    response = owner_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert "Application for professional registration" in pdf_pages(content)[0]
    Application.objects.filter(pk=application.pk).update(pdf="")
    waiting = owner_client.get(url)
    assert waiting.status_code == 200
    assert "Your application's PDF is being made" in waiting.content.decode()


def test_a_drafts_kept_pdf_does_not_exist(owner, owner_client):
    application = complete_application(owner)
    url = reverse("registration:application-pdf", args=[application.pk])
    assert owner_client.get(url).status_code == 404


def test_another_member_gets_404_for_the_downloads(owner, other_client):
    application = submitted_application(owner)
    for name in ("application-download", "application-pdf"):
        url = reverse(f"registration:{name}", args=[application.pk])
        assert other_client.get(url, {"format": "pdf"}).status_code == 404


# The engine draws files ------------------------------------------------------------------


def test_the_engine_numbers_drawn_pages_with_the_rest():
    document = Document(
        title=TitleBlock(member="Ada", title="Bundle", generated_at=WHEN),
        sections=[
            Section("Before", [Paragraph("First")]),
            Section(
                "Files",
                [
                    Attachment("Certificate", "c.pdf", text_pdf("Kilimanjaro", 3), "pdf", 3),
                    Attachment("Photo", "p.gif", files.image("GIF", (50, 50)), "gif"),
                ],
            ),
            Section("After", [Paragraph("Last words")]),
        ],
        filename="bundle",
    )
    pages = pdf_pages(render(document, "pdf").content)
    # The title page, three pages of the certificate (its own 3), the photo, then the rest.
    assert len(pages) == 6
    assert "Kilimanjaro 0" in pages[1]
    assert "Certificate: page 1 of 3" in pages[1]
    assert "Photo" in pages[4]
    assert "Last words" in pages[5]
    assert all(f"Page {n} of 6" in page for n, page in enumerate(pages, start=1))


def test_a_heading_goes_with_the_files_first_page_even_in_a_long_documents_parts():
    certificate = text_pdf("Serengeti", 2)
    document = Document(
        title=TitleBlock(member="Ada", title="Bundle", generated_at=WHEN),
        sections=[
            *(Section(f"Body {n}", [Paragraph("Words " * 300)]) for n in range(6)),
            Section(
                "Files",
                [
                    Attachment("Degree", "d.pdf", certificate, "pdf", 2),
                    Attachment("Transcript", "t.pdf", certificate, "pdf", 2),
                ],
            ),
        ],
        filename="bundle",
    )
    pages = pdf_pages(render(document, "pdf", part_weight=150).content)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        lines = [line.strip() for line in without_footer(page).splitlines() if line.strip()]
        assert lines, f"page {number} is blank"
        assert lines not in (["Files"], ["Files (continued)"]), f"page {number}: a heading alone"
    degree = next(page for page in pages if "Degree: page 1 of 2" in page)
    assert "Files" in degree


def test_an_attachment_of_another_format_is_refused():
    with pytest.raises(ValueError, match="cannot draw"):
        Attachment("Macro", "m.docm", b"PK", "docm")


# The length meter against the real PDF ------------------------------------------------------

SIZES = [
    {"roles": 1, "role_chars": 800, "statement_chars": 200},
    {"roles": 1, "role_chars": 3000, "statement_chars": 600},
    {"category": "EngTech", "roles": 2, "role_chars": 2000, "statement_chars": 500},
    {"roles": 3, "role_chars": 3000, "statement_chars": 800, "training": 10, "education": 2},
    {"category": "CEng", "roles": 4, "role_chars": 3000, "statement_chars": 1200, "training": 25},
    {"roles": 5, "role_chars": 4000, "statement_chars": 2000, "training": 40, "education": 3},
]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "-".join(map(str, size.values())))
def test_the_page_estimate_is_within_a_page_of_the_pdf(size):
    application = sized_application(UserFactory(), **size)
    body_pages = len(PdfReader(io.BytesIO(pdf_of(application))).pages)
    assert abs(estimated_pages(shown_records(application)) - body_pages) <= 1
