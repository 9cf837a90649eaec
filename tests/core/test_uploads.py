"""The one upload reader: size, extension and content, each refused with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from careermanager.core.uploads import MB, UploadError, UploadRule, check_upload, decode_text

CSV = UploadRule(what="a CSV file", extensions=(".csv",), max_bytes=1 * MB)


def test_a_file_that_suits_the_rule_is_returned():
    upload = SimpleUploadedFile("Records.CSV", b"a,b\n1,2\n")
    assert check_upload(upload, CSV) is upload


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file you chose is empty."),
        ("big.csv", b"x" * (MB + 1), "The file is 1.0 MB. It must be 1 MB or smaller."),
        ("records.xlsx", b"PK\x03\x04", "The file must be a CSV file ending in .csv."),
        ("records", b"a,b", "The file must be a CSV file ending in .csv."),
    ],
)
def test_check_refuses_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content), CSV)
    assert caught.value.messages == [message]


def test_accept_lists_the_extensions():
    rule = UploadRule(what="a framework", extensions=(".json", ".csv"), max_bytes=MB)
    assert rule.accept == ".json,.csv"


def test_decode_strips_a_byte_order_mark():
    assert decode_text("\ufefftitle,hours\n".encode()) == "title,hours\n"


@pytest.mark.parametrize(
    ("content", "start"),
    [
        (b"   \n", "The file is empty."),
        ("title,hours\n".encode("utf-16"), "This file is saved as UTF-16"),
        ("title,hours\n".encode("utf-16-le"), "This file is saved as UTF-16"),
        (b"title\x00\x01\x02 hours and more text here", "Line 1 contains a NUL character"),
        (b"title\nok\ncaf\xe9\n", "Line 3 contains characters that are not UTF-8"),
    ],
)
def test_decode_explains_what_is_wrong(content, start):
    with pytest.raises(UploadError) as caught:
        decode_text(content, advice="Export it again.")
    assert str(caught.value).startswith(start)
    if "UTF" in start:
        assert str(caught.value).endswith("Export it again.")


def test_a_nul_anywhere_is_refused_with_its_line():
    """A NUL byte far past the first few kilobytes still names the line it is on."""
    content = b"title,hours\n" + b"a long enough line of text,1\n" * 300 + b"bad\x00line,2\n"
    assert len(content) > 8 * 1024
    with pytest.raises(UploadError) as caught:
        decode_text(content, advice="Export it again.")
    assert str(caught.value).startswith("Line 302 contains a NUL character")
