"""Images, decoded with Pillow within a pixel limit, with nothing hidden after their end.

``clean_image`` then makes the copy we keep: the picture turned the way its camera meant,
reduced where the document type asks for it, and without its metadata (EXIF with the GPS
location, XMP, comments, text chunks).
"""

import io
import math
import warnings

from PIL import Image, ImageOps, JpegImagePlugin

from careermanager.documents.checks.common import SAVE_AGAIN, refuse

MAX_PIXELS = 30_000_000  # an image larger than this is not decoded (a 600 dpi A4 scan fits)
# No document type may allow more: a phone's 50-megapixel photo fits, a decompression bomb not.
HARD_MAX_PIXELS = 100_000_000
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


def check_image(data: bytes, extension: str, max_pixels: int = MAX_PIXELS) -> None:
    """An image Pillow decodes within the pixel limit, with nothing hidden after its end.

    The size is read from the header, before anything is decoded. A JPEG is decoded at an
    eighth of its size (every byte of it is still read), so a 40-megapixel photo takes a few
    megabytes to check rather than 120.
    """
    unreadable = f"This image cannot be read: it may be damaged or incomplete. {SAVE_AGAIN}"
    max_pixels = min(max_pixels, HARD_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            # Our own limit is checked below, before decoding; Pillow's error (at twice its
            # warning, far above HARD_MAX_PIXELS) is still raised.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[extension]]) as image:
                if image.width * image.height > max_pixels:
                    raise Image.DecompressionBombError
                if isinstance(image, JpegImagePlugin.JpegImageFile):
                    image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Image.DecompressionBombError:
        refuse(
            f"This image is too large in pixels (the limit is {max_pixels // 1_000_000} "
            "megapixels). Make it smaller, or save it as a PDF, and upload that.",
            "image_too_large",
        )
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError… for a broken image
        refuse(unreadable, "image_unreadable")
    end = IMAGE_ENDS[extension](data)
    if end is None or end > len(data):
        refuse(unreadable, "image_unreadable")
    if extension != ".png" and extension != ".gif" and _declares_more_pictures(data[:end]):
        # A phone's photo may carry more pictures after the first (a depth or HDR map, in
        # the CIPA multi-picture format): each must be a JPEG too. We keep only the first.
        while data[end:].startswith(b"\xff\xd8\xff"):
            following = _jpeg_end(data[end:])
            if following is None:
                refuse(unreadable, "image_unreadable")
            end += following
    if data[end:].strip(b"\x00"):
        refuse(
            "This image has other data hidden after its end, so it cannot be uploaded. "
            f"{SAVE_AGAIN}",
            "image_trailing_data",
        )


def _declares_more_pictures(data: bytes) -> bool:
    """Whether the JPEG has a multi-picture (MPF) segment among its first segments."""
    return b"\xff\xe2" in data[:65536] and b"MPF\x00" in data[:65536]


# What an image may keep: how to show it, nothing about where, when or by whom it was taken.
KEPT_INFO = frozenset({"dpi", "gamma", "transparency", "icc_profile", "srgb", "chromaticity"})
KEPT_JPEG_SEGMENTS = frozenset({"APP0", "APP2", "APP14"})  # JFIF, the ICC profile, Adobe
JPEG_QUALITY = 85


# Facts about the encoding Pillow reads into ``info``: nothing about the picture's subject.
ENCODING_INFO = frozenset(
    {"jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform"}
    | {"progressive", "progression", "aspect"}
)


def _has_metadata(image: Image.Image) -> bool:
    for marker, content in getattr(image, "applist", []):
        if marker not in KEPT_JPEG_SEGMENTS or content.startswith(b"MPF\x00"):
            return True
    return bool(set(image.info) - KEPT_INFO - ENCODING_INFO)


def clean_image(data: bytes, extension: str, *, longest_side: int | None = None) -> bytes | None:
    """The image as we keep it, or None when the checked bytes can be kept as they are.

    A PNG or JPEG with metadata (EXIF, including a GPS location, XMP, comments, text) is saved
    again without it, turned first the way its EXIF orientation says, since that goes too.
    With ``longest_side``, a larger image is also reduced to that many pixels on its longest
    side; a JPEG is decoded at no more than the size needed, to keep memory low.
    GIFs and animated PNGs are kept as they are.
    """
    if extension not in (".png", ".jpg", ".jpeg"):
        return None
    try:
        return _cleaned(data, extension, longest_side)
    except Exception:  # an image Pillow checked but cannot save again (a broken EXIF block…)
        # Never keep the original instead: it may say where the member lives.
        refuse(
            f"This image cannot be prepared for keeping. {SAVE_AGAIN}",
            "image_unreadable",
        )


def _cleaned(data: bytes, extension: str, longest_side: int | None) -> bytes | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[extension]]) as image:
            is_jpeg = isinstance(image, JpegImagePlugin.JpegImageFile)
            if getattr(image, "is_animated", False) and not is_jpeg:
                return None  # an animated PNG
            too_large = longest_side is not None and max(image.size) > longest_side
            if not too_large and not _has_metadata(image):
                return None
            kept = {key: value for key, value in image.info.items() if key in KEPT_INFO}
            if too_large:
                ratio = longest_side / max(image.size)
                target = (
                    max(1, math.ceil(image.width * ratio)),
                    max(1, math.ceil(image.height * ratio)),
                )
                if is_jpeg:
                    image.draft(None, target)  # decode at 1/2, 1/4 or 1/8 where that fits
                image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
            picture = ImageOps.exif_transpose(image)
            picture.load()
    picture.info = kept
    buffer = io.BytesIO()
    if extension == ".png":
        picture.save(buffer, format="PNG", optimize=True, **_png_options(kept))
    else:
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(
            buffer,
            format="JPEG",
            quality=JPEG_QUALITY,
            optimize=True,
            icc_profile=kept.get("icc_profile"),
        )
    return buffer.getvalue()


def _png_options(kept: dict) -> dict:
    return {
        key: kept[key] for key in ("icc_profile", "transparency", "dpi", "gamma") if key in kept
    }
