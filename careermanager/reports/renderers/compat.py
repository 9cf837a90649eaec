"""The few private parts of pypdf and python-docx the renderers rely on, in one place.

Neither library offers a public way to do these things, so the renderers reach inside them
here and nowhere else. ``check_library_shapes()`` (run by ``tests/reports/test_compat.py``)
fails with a message naming what moved, so that an upgrade which changes them is caught by the
test suite rather than by a member's broken download. The upper bounds on both libraries in
pyproject.toml are there for the same reason; raise them only with this check passing.

pypdf
  - ``PdfWriter._add_object``: adds an object (the joined structure tree root) and returns its
    reference. ``PdfWriter.root_object`` (the catalog) is public.
python-docx
  - ``Run._r``: a run's XML element, to add field codes and a picture's alt text, which
    python-docx has no API for.
  - ``CT_Document.body.get_or_add_sectPr``: the body's closing page setup, before which new
    blocks go (see ``docx._Body``).
  - ``Paragraph(element, parent)``: the proxy object for a paragraph element made that way.
"""

from docx.text.paragraph import Paragraph as WordParagraph
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject


class LibraryChanged(RuntimeError):
    """pypdf or python-docx no longer has a private part the renderers rely on."""


# pypdf


def pdf_add_object(writer: PdfWriter, value) -> IndirectObject:
    """Add `value` to the file being written; return its reference."""
    return writer._add_object(value)


def pdf_catalog(writer: PdfWriter) -> DictionaryObject:
    """The catalog (the /Root dictionary) of the file being written."""
    return writer.root_object


# python-docx


def run_element(run):
    """The ``w:r`` element of a run."""
    return run._r


def body_end(word):
    """The ``w:sectPr`` that closes the document's body: new blocks go just before it."""
    return word.element.body.get_or_add_sectPr()


def paragraph_at(element, parent) -> WordParagraph:
    return WordParagraph(element, parent)


def check_library_shapes() -> None:
    """Raise LibraryChanged naming every private part that is missing or changed."""
    import io

    from docx import Document as WordDocument

    problems = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    expect(callable(getattr(PdfWriter, "_add_object", None)), "pypdf PdfWriter._add_object")
    try:
        writer = PdfWriter()
        reference = pdf_add_object(writer, DictionaryObject())
        expect(isinstance(reference, IndirectObject), "pypdf _add_object returning a reference")
        expect(isinstance(pdf_catalog(writer), DictionaryObject), "pypdf PdfWriter.root_object")
    except Exception as error:
        problems.append(f"pypdf writer internals ({error!r})")

    word = WordDocument()
    try:
        end = body_end(word)
        expect(end.tag.endswith("}sectPr"), "python-docx body.get_or_add_sectPr()")
        paragraph = word.add_paragraph()
        run = paragraph.add_run("x")
        expect(run_element(run).tag.endswith("}r"), "python-docx Run._r")
        expect(
            paragraph_at(paragraph._p, word).text == "x",
            "python-docx Paragraph(element, parent)",
        )
        word.save(io.BytesIO())
    except Exception as error:
        problems.append(f"python-docx internals ({error!r})")

    if problems:
        raise LibraryChanged(
            "pypdf or python-docx changed shape; careermanager/reports/renderers/compat.py "
            "relies on: " + "; ".join(problems) + ". Adapt compat.py to the new version or "
            "keep the version pinned below it in pyproject.toml."
        )
