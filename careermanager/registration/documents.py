"""The application as a document an assessor reads, in PDF and Word.

``application_document`` turns what the application shows (``shown_records``: its snapshot
once locked, else the records as they are now) into the engine's ``Document``, in the order of
the institution's application form:

1. the front page: the member's personal details, membership, category and route;
2. employment history (each role's text for the application and the people in its
   accountability), education, development schemes, training;
3. the statements against each competence, area by area;
4. the attestations, when the application has them: each attester's role, name and
   registration, their comments overall and per area, and their signature (the typed name,
   the statement they confirmed, the time and the snapshot hash they saw);
5. panelling and interview;
6. the supporting documents: a list with each file's fingerprint, then each drawn in the
   document itself (a PDF's pages as pages, an image as a picture, the profile's
   accountability diagrams as drawings).

Every page carries "Page X of Y" and, for an application not yet submitted, the word "Draft"
in its footer (the document's title). ``render_application`` makes the file; a supporting file
that cannot be drawn is named instead, with its fingerprint, rather than failing the download.
"""

import hashlib
import io
import logging
from datetime import datetime
from typing import Any

from django.utils import timezone

from careermanager.core.formatting import format_datetime
from careermanager.documents.checks import extension_of
from careermanager.documents.queries import documents_for
from careermanager.registration.application_records import shown_records
from careermanager.registration.models import Application, AttesterRole
from careermanager.registration.presenters import as_datetime, present
from careermanager.reports.documents import (
    Attachment,
    Column,
    Document,
    Image,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    TitleBlock,
)
from careermanager.reports.renderers import Rendered, render
from careermanager.reports.typst_process import TypstFailed

logger = logging.getLogger(__name__)

TITLE = "Application for professional registration"
DRAFT_TITLE = "Draft application for professional registration"
NONE = "None recorded."
# How the engine names a supporting file by its format.
ATTACHMENT_FORMATS = {".pdf": "pdf", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif"}


def _front(view: dict[str, Any]) -> list[Section]:
    personal = [
        ("Name", view["name"] or "Not given"),
        ("Address", ", ".join(view["address"]) or "Not given"),
        ("Email address", view["email"] or "Not given"),
    ]
    if view["phone"]:
        personal.append(("Telephone", view["phone"]))
    personal += [
        ("Membership number", view["membership_number"] or "Not given"),
        ("Membership grade", view["grade"] or "Not given"),
    ]
    if view["registration_titles"]:
        personal.append(("Registration held", view["registration_titles"]))
    application = [
        ("Category", view["category"] or "Not chosen"),
        ("Route", view["route"] or "Not chosen"),
    ]
    if view["scheme"]:
        application.append(("Approved scheme", view["scheme"]))
    application.append(("Spoken to a Professional Registration Advisor", view["advisor"]))
    return [
        Section("Personal details", [KeyValues(personal)]),
        Section("Category and route", [KeyValues(application)]),
    ]


def _role(role: dict[str, Any]) -> Section:
    facts = [("Dates", role["period"])]
    if role["type_label"]:
        facts.append(("Type", role["type_label"]))
    if role["location"]:
        facts.append(("Location", role["location"]))
    blocks: list = [KeyValues(facts)]
    text = "\n\n".join(role["paragraphs"])
    blocks.append(LongText("", text) if text else Paragraph("No text for this role."))
    if role["people"]:
        blocks.append(
            Table(
                caption="Accountability",
                columns=[
                    Column("Name"),
                    Column("Job title", wide=True),
                    Column("Registration"),
                    Column("Relation"),
                ],
                rows=[
                    [p["name"], p["job_title"], p["registration"], p["relation_label"]]
                    for p in role["people"]
                ],
            )
        )
    return Section(f"{role['job_title']}, {role['employer']}", blocks)


def _history(view: dict[str, Any]) -> list[Section]:
    employment = Section(
        "Employment history",
        [] if view["roles"] else [Paragraph("No roles included.")],
        [_role(role) for role in view["roles"]],
    )
    education = Section(
        "Education",
        [
            Table(
                caption="Education",
                columns=[
                    Column("Course", wide=True),
                    Column("Institution"),
                    Column("Qualification"),
                    Column("Dates", max_lines=2),
                ],
                rows=[
                    [
                        s["course"],
                        s["institution"],
                        ", ".join(
                            part
                            for part in (
                                s["qualification_label"],
                                s["classification"],
                                "accredited" if s["accredited"] else "",
                            )
                            if part
                        ),
                        s["period"] + (f"; awarded {s['awarded']}" if s["awarded"] else ""),
                    ]
                    for s in view["education"]
                ],
            )
        ]
        if view["education"]
        else [Paragraph(NONE)],
    )
    schemes = Section(
        "Development schemes",
        [] if view["schemes"] else [Paragraph(NONE)],
        [
            Section(
                f"{scheme['name']}" + (f", {scheme['provider']}" if scheme["provider"] else ""),
                [
                    KeyValues(
                        [
                            ("Type", scheme["kind_label"]),
                            ("Status", scheme["status_label"]),
                            ("Dates", scheme["period"]),
                            ("Accredited", "Yes" if scheme["accredited"] else "No"),
                        ]
                    ),
                    *(
                        [LongText("", "\n\n".join(scheme["paragraphs"]))]
                        if scheme["paragraphs"]
                        else []
                    ),
                ],
            )
            for scheme in view["schemes"]
        ],
    )
    training = Section(
        "Training",
        [
            Table(
                caption="Training",
                columns=[
                    Column("Date", max_lines=2),
                    Column("Title", wide=True),
                    Column("Type"),
                    Column("Provider"),
                    Column("Hours", numeric=True),
                ],
                rows=[
                    [t["when"], t["title"], t["kind_label"], t["provider"], t["hours_text"]]
                    for t in view["training"]
                ],
            )
        ]
        if view["training"]
        else [Paragraph(NONE)],
    )
    return [employment, education, schemes, training]


def _statements(view: dict[str, Any]) -> Section:
    return Section(
        "Statements against the competences",
        [] if view["areas"] else [Paragraph("No category chosen yet.")],
        [
            Section(
                f"{area['code']}. {area['title']}",
                [
                    LongText(
                        f"{competence['code']} {competence['title']}",
                        "\n\n".join(competence["paragraphs"]) or "No statement written.",
                    )
                    for competence in area["competences"]
                ],
            )
            for area in view["areas"]
        ],
    )


def _attestations(application: Application, view: dict[str, Any]) -> Section | None:
    order = list(AttesterRole)  # sponsor, proposer, supporter
    attestations = sorted(
        (
            attestation
            for attestation in application.attestations.all()
            if attestation.is_signed or attestation.commented_at
        ),
        key=lambda attestation: order.index(attestation.role),
    )
    if not attestations:
        return None
    areas = {area["code"]: f"{area['code']}. {area['title']}" for area in view["areas"]}
    subsections = []
    for attestation in attestations:
        facts = [
            ("Attester", attestation.name),
            ("Registration", attestation.registration_number or "Not given"),
        ]
        blocks: list = [KeyValues(facts)]
        if attestation.overall_comment:
            blocks.append(LongText("Comments on the application", attestation.overall_comment))
        for code, comment in sorted((attestation.area_comments or {}).items()):
            if comment and comment.strip():
                blocks.append(LongText(f"Comments on {areas.get(code, code)}", comment))
        if attestation.is_signed:
            blocks.append(LongText("Statement confirmed", attestation.signed_statement))
            blocks.append(
                KeyValues(
                    [
                        ("Signed by", attestation.signed_name),
                        ("Their registration", attestation.signed_registration or "Not given"),
                        ("Signed on", format_datetime(attestation.signed_at)),
                        ("Application seen (SHA-256)", attestation.signed_sha256),
                    ]
                )
            )
        else:
            blocks.append(Paragraph("Not signed yet."))
        subsections.append(Section(attestation.get_role_display(), blocks))
    return Section(
        "Attestations",
        [
            Paragraph(
                "Each attester read the application as it was locked and signed by typing "
                "their name. The fingerprint (SHA-256) they saw is the application's own, "
                "shown on the first page."
            )
        ],
        subsections,
    )


def _panelling(view: dict[str, Any]) -> Section:
    return Section(
        "Panelling and interview",
        [
            KeyValues(
                [
                    ("Sector", view["sector"] or "Not chosen"),
                    ("Specialisms", ", ".join(view["specialisms"]) or "None chosen"),
                    ("Interview location", view["interview_location"] or "Not chosen"),
                ]
            )
        ],
    )


def _file_for(document, expected_sha256: str) -> tuple[bytes, str, int] | None:
    """The stored file's bytes, format and pages, if it is the one the application lists."""
    if document is None or document.sha256 != expected_sha256:
        return None
    file_format = ATTACHMENT_FORMATS.get(extension_of(document.file.name))
    if file_format is None:
        return None
    try:
        with document.file.open("rb") as stored:
            content = stored.read()
    except OSError:
        return None
    if hashlib.sha256(content).hexdigest() != expected_sha256:
        return None
    pages = 1
    if file_format == "pdf":
        from pypdf import PdfReader

        try:
            pages = len(PdfReader(io.BytesIO(content)).pages)
        except Exception:  # a file the checks let through but pypdf cannot count
            return None
    return content, file_format, pages


def _supporting(application: Application, view: dict[str, Any], *, draw_files: bool) -> Section:
    listed = view["documents"]
    blocks: list = []
    if listed:
        blocks.append(
            Table(
                caption="Files sent with the application",
                columns=[Column("Document"), Column("File", wide=True), Column("Size")],
                rows=[[d["type_label"], d["name"], d["size_text"]] for d in listed],
            )
        )
        blocks.append(
            KeyValues([(d["type_label"], f"SHA-256 {d['sha256']}") for d in listed]),
        )
    elif not view["diagrams"]:
        blocks.append(Paragraph("None uploaded."))
    for diagram in view["diagrams"]:
        if diagram.get("svg"):
            blocks.append(
                Image(
                    svg=diagram["svg"],
                    alt=f"Accountability diagram: {diagram['caption']}",
                    caption=f"Accountability diagram, drawn from the profile: {diagram['caption']}",
                )
            )
    stored = documents_for(application.owner, application) if listed and draw_files else {}
    for listed_document in listed:
        file = _file_for(stored.get(listed_document["type"]), listed_document["sha256"])
        note = f"SHA-256 {listed_document['sha256']}"
        if file is None:
            blocks.append(
                LongText(
                    listed_document["type_label"],
                    f"{listed_document['name']} ({note}) is kept with the application; it "
                    "could not be drawn into this document.",
                )
            )
            continue
        content, file_format, pages = file
        blocks.append(
            Attachment(
                label=listed_document["type_label"],
                name=listed_document["name"],
                content=content,
                format=file_format,
                pages=pages,
                note=note,
            )
        )
    return Section("Supporting documents", blocks)


def application_document(
    application: Application,
    *,
    records: dict[str, Any] | None = None,
    generated_at: datetime | None = None,
    draw_files: bool = True,
    attestations: bool = True,
) -> Document:
    """The application as a document: its snapshot once locked, else its records now.

    ``attestations=False`` leaves the attesters' comments and signatures out: for a reader
    the member shared the application with, since attesters are told that only the member
    and the institution's staff see what they wrote.
    """
    records = records if records is not None else shown_records(application)
    view = present(records)
    sent = application.is_sent
    details: list[tuple[str, str]] = [
        ("Category", view["category"] or "Not chosen"),
        ("Route", view["route"] or "Not chosen"),
    ]
    if view["membership_number"]:
        details.append(("Membership number", view["membership_number"]))
    if sent:
        details.append(("Submitted", format_datetime(application.submitted_at)))
    elif application.is_locked:
        details.append(("Status", "Draft, locked for attestation: not submitted"))
    else:
        details.append(("Status", "Draft: not submitted"))
    if application.snapshot_sha256:
        locked = as_datetime(records["application"].get("locked_at")) or application.locked_at
        details.append(("Locked", format_datetime(locked)))
        details.append(("Fingerprint (SHA-256)", application.snapshot_sha256))
    sections = [
        *_front(view),
        *_history(view),
        _statements(view),
    ]
    if attestations and (attested := _attestations(application, view)):
        sections.append(attested)
    sections.append(_panelling(view))
    sections.append(_supporting(application, view, draw_files=draw_files))
    title = TITLE if sent else DRAFT_TITLE
    category = view["category_code"] or "registration"
    return Document(
        title=TitleBlock(
            member=view["name"],
            title=title,
            post_nominals="",
            details=tuple(details),
            generated_at=generated_at or timezone.now(),
        ),
        sections=sections,
        filename=f"{'application' if sent else 'draft-application'}-{category}-{view['name']}",
        subject=f"{title}: {view['category'] or 'category not chosen'}",
        item_count=len(view["roles"]) + len(view["documents"]),
    )


def render_application(
    application: Application,
    file_format: str,
    *,
    records: dict[str, Any] | None = None,
    generated_at: datetime | None = None,
    attestations: bool = True,
) -> Rendered:
    """The application's file in "pdf" or "docx"; files that cannot be drawn are named instead."""
    records = records if records is not None else shown_records(application)
    document = application_document(
        application, records=records, generated_at=generated_at, attestations=attestations
    )
    try:
        return render(document, file_format)
    except TypstFailed:
        if not document.attachments:
            raise
        logger.exception(
            "Application %s: a supporting file could not be drawn; naming the files instead",
            application.pk,
        )
    plain = application_document(
        application,
        records=records,
        generated_at=generated_at,
        draw_files=False,
        attestations=attestations,
    )
    return render(plain, file_format)
