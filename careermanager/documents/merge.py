"""Join several checked PDFs and images into one PDF, in the order the member chose them."""

import io

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

IMAGE_RESOLUTION = 150.0  # dots per inch: an A4 scan at this resolution fills an A4 page


def _image_as_pdf(data: bytes) -> bytes:
    """One PDF page holding the image (its first frame, for an animated GIF)."""
    with Image.open(io.BytesIO(data)) as image:
        page = ImageOps.exif_transpose(image).convert("RGB")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=IMAGE_RESOLUTION)
    return buffer.getvalue()


def merge_to_pdf(parts: list[tuple[str, bytes]]) -> bytes:
    """The parts, each ``(extension, data)`` and already checked, as the pages of one PDF."""
    writer = PdfWriter()
    for extension, data in parts:
        pdf = data if extension == ".pdf" else _image_as_pdf(data)
        writer.append(PdfReader(io.BytesIO(pdf)))
    writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
