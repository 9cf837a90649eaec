"""Every upload is judged by its content: hostile files are refused, each with its own words,
and the document uploaded before stays as it was."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from careermanager.core.uploads import MB
from careermanager.documents import services
from careermanager.documents.checks import EICAR, clean_name
from careermanager.documents.models import SupportingDocument
from tests.documents import files
from tests.documents.conftest import HOLDER
from tests.documents.files import upload

LIMIT = MB // 2

HOSTILE = [
    pytest.param(
        "cv.pdf",
        lambda: b"%PDF-" + b"0" * (LIMIT + 1 - 5),
        "This file is just over 0.5 MB; the limit is 0.5 MB.",
        id="oversize-by-one-byte",
    ),
    pytest.param(
        "cv.pdf",
        lambda: b"%PDF-" + b"0" * (700 * 1024),
        "This file is 0.7 MB; the limit is 0.5 MB.",
        id="oversize",
    ),
    pytest.param("cv.pdf", lambda: b"", "The file you chose is empty.", id="empty"),
    pytest.param(
        "cv.exe",
        files.pdf,
        "The file must be a Word, PDF or image file ending in "
        ".doc or .pdf or .docx or .png or .jpeg or .jpg or .gif.",
        id="extension-not-allowed",
    ),
    pytest.param(
        "cv.pdf",
        files.executable,
        "This file is a program, not a document, whatever its name says. "
        "Upload the document itself.",
        id="renamed-executable",
    ),
    pytest.param(
        "tool.docx",
        lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        "This file is a program, not a document, whatever its name says. "
        "Upload the document itself.",
        id="renamed-linux-program",
    ),
    pytest.param(
        "photo.pdf",
        lambda: files.image("PNG"),
        "This file is not a PDF, although its name ends in .pdf. Upload the document in the "
        "format its name says, or rename it to the format it really is.",
        id="png-named-pdf",
    ),
    pytest.param(
        "diagram.png",
        files.png_with_html,
        "This image has other data hidden after its end, so it cannot be uploaded. "
        "Open it, save it again and upload the new copy.",
        id="png-with-html-after-iend",
    ),
    pytest.param(
        "photo.jpg",
        lambda: files.image("JPEG") + b"<script>alert(1)</script>",
        "This image has other data hidden after its end, so it cannot be uploaded. "
        "Open it, save it again and upload the new copy.",
        id="jpeg-with-data-after-its-end",
    ),
    pytest.param(
        "scan.png",
        files.decompression_bomb,
        "This image is too large in pixels (the limit is 30 megapixels). "
        "Make it smaller, or save it as a PDF, and upload that.",
        id="decompression-bomb",
    ),
    pytest.param(
        "scan.png",
        lambda: files.image("PNG")[:-20],
        "This image cannot be read: it may be damaged or incomplete. "
        "Open it, save it again and upload the new copy.",
        id="truncated-image",
    ),
    pytest.param(
        "cv.docx",
        files.docx_bomb,
        "This Word document expands to more than 50 MB, or more than 1,000 parts, when "
        "opened, so it cannot be uploaded. Save it as a PDF and upload that.",
        id="docx-zip-bomb",
    ),
    pytest.param(
        "cv.docx",
        files.docm_renamed,
        "This Word document contains macros (it is really a .docm file). Save it as a "
        "“Word Document (.docx)” without macros, or as a PDF, and upload that.",
        id="docm-renamed-docx",
    ),
    pytest.param(
        "cv.docx",
        files.docm_content_type_only,
        "This Word document contains macros (it is really a .docm file). Save it as a "
        "“Word Document (.docx)” without macros, or as a PDF, and upload that.",
        id="docm-content-type",
    ),
    pytest.param(
        "cv.docx",
        lambda: files._rezip(
            files.docx(), lambda name, content: None if name == "word/document.xml" else content
        ),
        "This file is not a Word document, although its name ends in .docx. "
        "Open it, save it again and upload the new copy.",
        id="zip-that-is-not-word",
    ),
    pytest.param(
        "cv.doc",
        lambda: files.doc()[:1000],
        "This Word 97-2003 document (.doc) cannot be read: it may be damaged, or it is "
        "another kind of Office file. Save it again in Word, or as a PDF, and upload that.",
        id="broken-doc",
    ),
    *[
        pytest.param(
            "cv.pdf",
            make,
            "This PDF contains JavaScript or an action that starts a program, which could run "
            "when it is opened. Print it to a new PDF (“Save as PDF” or “Microsoft Print to "
            "PDF”) and upload that.",
            id=name,
        )
        for name, make in [
            ("pdf-javascript-in-names", files.pdf_with_javascript),
            ("pdf-javascript-open-action", files.pdf_with_open_action),
            ("pdf-javascript-in-annotation", files.pdf_with_script_in_annotation),
            ("pdf-javascript-escaped-name", files.pdf_with_escaped_names),
        ]
    ],
    pytest.param(
        "cv.pdf",
        files.pdf_encrypted,
        "This PDF is protected by a password or encrypted, so it cannot be checked or read by "
        "the reviewers. Save a copy without protection and upload that.",
        id="encrypted-pdf",
    ),
    pytest.param(
        "cv.pdf",
        lambda: files.pdf()[:200],
        "This PDF cannot be read: it may be damaged or incomplete. "
        "Save or print it again as a PDF and upload that.",
        id="unreadable-pdf",
    ),
    pytest.param(
        "cv.pdf",
        files.pdf_with_eicar,
        "This file looks like a virus test file (it contains the EICAR test string), so it "
        "cannot be uploaded.",
        id="eicar-in-pdf",
    ),
]


@pytest.fixture
def previous(owner):
    return services.document_upload(
        owner=owner,
        holder=HOLDER,
        type_key="tests.cv",
        files=[upload("Earlier CV.pdf", files.pdf(pages=2))],
        actor=owner,
    )


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE)
def test_a_hostile_file_is_refused_and_the_previous_document_kept(
    owner, previous, name, make, message
):
    before = default_storage.open(previous.file.name).read()
    with pytest.raises(ValidationError) as caught:
        services.document_replace(document=previous, files=[upload(name, make())], actor=owner)
    assert caught.value.message_dict == {"file": [message]}
    kept = SupportingDocument.objects.get()
    assert (kept.file.name, kept.original_name, kept.sha256) == (
        previous.file.name,
        "Earlier CV.pdf",
        previous.sha256,
    )
    assert default_storage.open(kept.file.name).read() == before
    assert default_storage.listdir(f"supporting/{owner.pk}")[1] == [kept.file.name.split("/")[-1]]


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE)
def test_a_hostile_first_upload_saves_nothing(owner, name, make, message):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner, holder=HOLDER, type_key="tests.cv", files=[upload(name, make())]
        )
    assert caught.value.message_dict == {"file": [message]}
    assert not SupportingDocument.objects.exists()
    assert not default_storage.exists(f"supporting/{owner.pk}")


VALID = [
    pytest.param("CV.pdf", files.pdf, "application/pdf", id="pdf"),
    pytest.param("Diagram.png", lambda: files.image("PNG"), "image/png", id="png"),
    pytest.param("Photo.jpg", lambda: files.image("JPEG"), "image/jpeg", id="jpg"),
    pytest.param("Photo.JPEG", lambda: files.image("JPEG"), "image/jpeg", id="jpeg"),
    pytest.param("Chart.gif", lambda: files.image("GIF"), "image/gif", id="gif"),
    pytest.param(
        "CV.docx",
        files.docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        id="docx",
    ),
    pytest.param("CV.doc", files.doc, "application/msword", id="doc"),
    pytest.param(
        "CV.pdf", lambda: b"%PDF-" + b"0" * (LIMIT - 5), None, id="exactly-the-limit-is-sized-ok"
    ),
]


@pytest.mark.parametrize(("name", "make", "content_type"), VALID)
def test_a_valid_file_of_each_kind_is_stored(owner, name, make, content_type):
    data = make()
    if content_type is None:
        # Exactly at the limit passes the size check and goes on to be read as a PDF.
        with pytest.raises(ValidationError, match="This PDF cannot be read"):
            services.document_upload(
                owner=owner, holder=HOLDER, type_key="tests.cv", files=[upload(name, data)]
            )
        return
    document = services.document_upload(
        owner=owner, holder=HOLDER, type_key="tests.cv", files=[upload(name, data)], actor=owner
    )
    document.refresh_from_db()
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.size == len(data)
    assert default_storage.open(document.file.name).read() == data
    extension = name.rsplit(".", 1)[1].lower()
    assert document.file.name.startswith(f"supporting/{owner.pk}/")
    assert document.file.name.endswith(f".{extension}")
    assert name.rsplit(".", 1)[0] not in document.file.name


def test_a_name_with_folders_is_stored_under_a_made_up_name(owner):
    document = services.document_upload(
        owner=owner,
        holder=HOLDER,
        type_key="tests.cv",
        files=[upload("../../etc/passwd.pdf", files.pdf())],
    )
    assert document.original_name == "passwd.pdf"
    folder, stored = document.file.name.rsplit("/", 1)
    assert folder == f"supporting/{owner.pk}"
    assert len(stored) == len("0123456789abcdef0123456789abcdef.pdf")
    assert "passwd" not in document.file.name
    assert ".." not in document.file.name


def test_a_300_character_name_is_shortened_keeping_its_extension(owner):
    document = services.document_upload(
        owner=owner,
        holder=HOLDER,
        type_key="tests.cv",
        files=[upload("Annual report " + "x" * 282 + ".pdf", files.pdf())],
    )
    assert len(document.original_name) == 100
    assert document.original_name.startswith("Annual report xxx")
    assert document.original_name.endswith("xxx.pdf")


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("C:\\Users\\olive\\My CV.pdf", "My CV.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("cv\x00\x1b[31m.pdf", "cv[31m.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override disguise
        ('what: "why"?.pdf', "what_ _why__.pdf"),
        ("...", "document"),
        (".pdf", "pdf"),  # no name before the dot: no extension either
        ("Lebenslauf Müller.pdf", "Lebenslauf Müller.pdf"),
    ],
)
def test_names_are_cleaned(given, cleaned):
    assert clean_name(given) == cleaned


def test_the_virus_test_string_is_found_anywhere(owner):
    data = files.image("PNG")
    with pytest.raises(ValidationError, match="looks like a virus test file"):
        services.document_upload(
            owner=owner,
            holder=HOLDER,
            type_key="tests.cv",
            files=[upload("a.docx", b"PK\x03\x04" + b"\x00" * 3000 + EICAR + data)],
        )


def test_a_type_refuses_extensions_it_does_not_list(owner):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner, holder=HOLDER, type_key="tests.diagram", files=[upload("d.docx", b"x")]
        )
    assert caught.value.messages == ["The file must be a PDF or image file ending in .pdf or .png."]


def test_the_institution_can_change_a_types_limit(owner, settings):
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = {"tests.cv": MB // 5}
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner,
            holder=HOLDER,
            type_key="tests.cv",
            files=[upload("cv.pdf", b"%PDF-" + b"0" * (300 * 1024))],
        )
    assert caught.value.messages == ["This file is 0.3 MB; the limit is 0.2 MB."]


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (MB // 2, "0.5 MB"),
        (734_003, "0.7 MB"),
        (5 * MB, "5 MB"),
        (int(1.24 * MB), "1.2 MB"),
        (40 * 1024, "40 KB"),
        (100, "1 KB"),
    ],
)
def test_sizes_read_as_a_member_reads_them(size, text):
    from careermanager.core.uploads import UploadRule, size_text

    assert size_text(size) == text
    if size < MB:
        assert UploadRule("a file", (".pdf",), size).limit_text == text
