"""Images as we keep them: upright, without metadata, reduced where the type asks."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import default_storage
from PIL import Image, PngImagePlugin

from careermanager.documents.checks import check_file
from careermanager.documents.checks.images import HARD_MAX_PIXELS, clean_image
from careermanager.documents.services import document_upload
from careermanager.documents.types import DocumentType, registered
from tests.documents import files
from tests.documents.conftest import HOLDER

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
PHOTOS = DocumentType(
    key="tests.photos",
    label="Photo",
    max_bytes=10 * 1024 * 1024,
    extensions=(".jpg", ".png", ".pdf"),
    downscale_images_to=500,
    max_image_pixels=HARD_MAX_PIXELS,
)


@pytest.fixture(autouse=True)
def _photos():
    with registered(PHOTOS):
        yield


def jpeg_with_location(size=(400, 300), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(
        buffer, "JPEG", exif=exif, comment=b"Home", quality=95
    )
    return buffer.getvalue()


def stored(owner, type_key: str, name: str, data: bytes, holder: str = HOLDER) -> bytes:
    document = document_upload(
        owner=owner, holder=holder, type_key=type_key, files=[files.upload(name, data)]
    )
    return default_storage.open(document.file.name).read()


def assert_no_metadata(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(GPS_IFD) == {}
        assert not {"exif", "comment", "xmp"} & set(image.info)
        image.load()
        return image


def test_every_type_keeps_jpegs_without_their_location_and_upright(owner):
    """A type that does not reduce images still keeps none of their metadata."""
    kept = stored(owner, "tests.cv", "photo.jpg", jpeg_with_location((400, 300), orientation=8))
    image = assert_no_metadata(kept)
    assert image.size == (300, 400)  # turned as the orientation said, not reduced
    assert b"PhoneMaker" not in kept


def test_pngs_lose_their_text_and_exif_but_keep_transparency(owner):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "51.5074 N, 0.1278 W")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N"}
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 40), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info, exif=exif)
    kept = stored(owner, "tests.diagram", "diagram.png", buffer.getvalue())
    image = assert_no_metadata(kept)
    assert b"51.5074" not in kept
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0


def test_an_image_without_metadata_is_kept_byte_for_byte(owner):
    data = files.image("PNG")
    assert stored(owner, "tests.diagram", "plain.png", data) == data
    assert clean_image(files.image("JPEG"), ".jpg") is None


def test_a_type_may_reduce_large_images(owner):
    kept = stored(owner, "tests.photos", "photo.jpg", jpeg_with_location((1200, 900)))
    image = assert_no_metadata(kept)
    assert image.size == (500, 375)
    small = stored(
        owner, "tests.photos", "small.png", files.image("PNG", size=(80, 60)), holder="other:1"
    )
    assert Image.open(io.BytesIO(small)).size == (80, 60)


def test_the_pixel_limit_is_the_types_within_a_hard_ceiling(owner):
    # 6,000 x 6,000 one-bit pixels: a small file of 36 megapixels.
    data = files.image("PNG", size=(6000, 6000), mode="1")
    with pytest.raises(ValidationError, match="the limit is 30 megapixels"):
        check_file("scan.png", data, DocumentType(key="tests.scan", label="Scan"))
    kept = stored(owner, "tests.photos", "scan.png", data)
    assert Image.open(io.BytesIO(kept)).size == (500, 500)
    with pytest.raises(ImproperlyConfigured):
        DocumentType(key="tests.huge", label="Huge", max_image_pixels=HARD_MAX_PIXELS + 1)


def test_a_phones_photo_with_a_second_picture_is_taken_as_its_first(owner):
    """A multi-picture JPEG (a depth or HDR map after the photo) is not hidden data."""
    first = Image.new("RGB", (300, 200), "red")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (300, 200))])
    data = buffer.getvalue()
    check_file("photo.jpg", data, PHOTOS)
    kept = stored(owner, "tests.photos", "photo.jpg", data)
    assert len(kept) < len(data)
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG"
        assert getattr(image, "n_frames", 1) == 1


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "a HEIC photo"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 64, "an AVIF image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64, "a WebP image"),
    ],
    ids=["heic", "avif", "webp"],
)
def test_photos_in_formats_we_do_not_take_are_named(data, what):
    with pytest.raises(ValidationError) as refused:
        check_file("IMG_0001.jpg", data, PHOTOS)
    message = refused.value.messages[0]
    assert message.startswith(f"This file is {what}, although its name ends in .jpg")
    assert "Save it as a JPEG and upload that" in message


def test_an_image_of_another_kind_we_take_is_told_to_be_renamed():
    with pytest.raises(ValidationError, match="This file is a PNG image, although its name"):
        check_file("diagram.jpg", files.image("PNG"), PHOTOS)


def test_a_photo_that_cannot_be_saved_again_is_refused_not_kept_as_it_came(owner, monkeypatch):
    def broken(image, **kwargs):
        raise SyntaxError("not a TIFF file")  # what Pillow says of a damaged EXIF block

    monkeypatch.setattr("careermanager.documents.checks.images.ImageOps.exif_transpose", broken)
    with pytest.raises(ValidationError) as refused:
        stored(owner, "tests.cv", "photo.jpg", jpeg_with_location())
    assert refused.value.message_dict["file"] == [
        "This image cannot be prepared for keeping. Open it, save it again and upload the new copy."
    ]
    assert not default_storage.exists("supporting")  # nothing was stored
