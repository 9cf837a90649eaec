"""Files made on the spot: valid ones of every kind, and hostile ones."""

import io
import os
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from careermanager.documents.checks import EICAR, OLE_SIGNATURE


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def noise_pdf(side: int = 420) -> bytes:
    """A one-page PDF of random pixels, which no compression shrinks: about 0.1 MB."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PDF")
    return buffer.getvalue()


def image(format: str, size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, format=format)
    return buffer.getvalue()


def docx() -> bytes:
    document = WordDocument()
    document.add_paragraph("Responsibilities for the bridge design team.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change) -> bytes:
    """A copy of a zip, each part passed through change(name, content) -> content or None."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = change(entry.filename, source.read(entry))
            if content is not None:
                target.writestr(entry.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docm_renamed() -> bytes:
    """A macro-enabled Word file (its content type says so, and it holds a VBA project)."""

    def change(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        return content

    data = _rezip(docx(), change)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro project")
    return out.getvalue()


def docm_content_type_only() -> bytes:
    return _rezip(
        docx(),
        lambda name, content: content.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        ),
    )


def docx_bomb() -> bytes:
    """A small .docx whose one extra part expands to 60 MB of zeros."""
    out = io.BytesIO(docx())
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/media/padding.bin", b"\x00" * (60 * 1024 * 1024))
    return out.getvalue()


def _script() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )


def _pdf_with(place) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    place(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    """JavaScript in the document's names tree, run when the file opens."""

    def place(writer):
        action = writer._add_object(_script())
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("hello"), action])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )

    return _pdf_with(place)


def pdf_with_open_action() -> bytes:
    def place(writer):
        writer._root_object[NameObject("/OpenAction")] = _script()

    return _pdf_with(place)


def pdf_with_script_in_annotation() -> bytes:
    """A link on the page whose action is JavaScript, its names spelt with # escapes."""

    def place(writer):
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 100)]),
                NameObject("/A"): _script(),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    return _pdf_with(place)


def pdf_with_escaped_names() -> bytes:
    """/S /JavaScript written as /S /J#61vaScript, which a reader takes for the same name."""
    data = pdf_with_open_action()
    return data.replace(b"/JavaScript", b"/J#61vaScript")


def pdf_encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_eicar() -> bytes:
    return pdf() + b"%" + EICAR + b"\n"


def png_with_html() -> bytes:
    return image("PNG") + b"<html><body><script>alert(document.cookie)</script></body></html>"


def decompression_bomb() -> bytes:
    """A PNG of 8,000 by 8,000 one-bit pixels: a few kilobytes that decode to 64 megapixels."""
    return image("PNG", size=(8000, 8000), mode="1")


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program cannot be run"


FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)
        + b"\0" * 16  # class id
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def doc() -> bytes:
    """A minimal Word 97-2003 file: an OLE compound file with a 4 KB WordDocument stream.

    Sector 0 holds the allocation table, sector 1 the directory, sectors 2 to 9 the stream,
    which starts with the Word identifier 0xA5EC.
    """
    header = (
        OLE_SIGNATURE
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    table = [FAT_SECTOR, END, *range(3, 10), END]
    fat = b"".join(struct.pack("<I", entry) for entry in table + [FREE] * (128 - len(table)))
    directory = (
        _directory_entry("Root Entry", 5, 1, END, 0)
        + _directory_entry("WordDocument", 2, NO_STREAM, 2, 4096)
        + _directory_entry("", 0, NO_STREAM, 0, 0)
        + _directory_entry("", 0, NO_STREAM, 0, 0)
    )
    stream = (b"\xec\xa5\xc1\x00" + b"\0" * 4092)[:4096]
    data = header + fat + directory + stream
    assert len(header) == len(fat) == len(directory) == 512
    return data
