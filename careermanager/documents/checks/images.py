"""Images, decoded with Pillow within a pixel limit, with nothing hidden after their end."""

import io
import warnings

from PIL import Image

from careermanager.documents.checks.common import SAVE_AGAIN, refuse

MAX_PIXELS = 30_000_000  # an image larger than this is not decoded (a 600 dpi A4 scan fits)
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}


def _png_end(data: bytes) -> int | None:
    """Where the PNG's IEND chunk ends."""
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Where the JPEG's end-of-image marker ends, following its segments and scans."""
    position, size = 2, len(data)
    while position < size:
        if data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:
            position += 1  # fill bytes before a marker
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if position + 2 > size:
            return None
        position += int.from_bytes(data[position : position + 2], "big")
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is neither a stuffed
            # 0xFF00 nor a restart marker.
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following != 0 and not 0xD0 <= following <= 0xD7:
                    break
                position += 2
    return None


def _gif_blocks_end(data: bytes, position: int) -> int:
    while position < len(data):
        length = data[position]
        position += 1
        if length == 0:
            return position
        position += length
    return len(data) + 1


def _gif_end(data: bytes) -> int | None:
    """Where the GIF's trailer byte is, after its screen, extensions and images."""
    if len(data) < 13:
        return None
    flags = data[10]
    position = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    while position < len(data):
        block = data[position]
        position += 1
        if block == 0x3B:
            return position
        if block == 0x21:
            position = _gif_blocks_end(data, position + 1)
        elif block == 0x2C:
            if position + 9 > len(data):
                return None
            flags = data[position + 8]
            position += 9 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
            position = _gif_blocks_end(data, position + 1)
        else:
            return None
    return None


IMAGE_ENDS = {".png": _png_end, ".jpg": _jpeg_end, ".jpeg": _jpeg_end, ".gif": _gif_end}


def check_image(data: bytes, extension: str) -> None:
    """An image Pillow decodes within the pixel limit, with nothing hidden after its end."""
    unreadable = f"This image cannot be read: it may be damaged or incomplete. {SAVE_AGAIN}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[extension]]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(
            f"This image is too large in pixels (the limit is {MAX_PIXELS // 1_000_000} "
            "megapixels). Make it smaller, or save it as a PDF, and upload that.",
            "image_too_large",
        )
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError… for a broken image
        refuse(unreadable, "image_unreadable")
    end = IMAGE_ENDS[extension](data)
    if end is None or end > len(data):
        refuse(unreadable, "image_unreadable")
    if data[end:].strip(b"\x00"):
        refuse(
            "This image has other data hidden after its end, so it cannot be uploaded. "
            f"{SAVE_AGAIN}",
            "image_trailing_data",
        )
