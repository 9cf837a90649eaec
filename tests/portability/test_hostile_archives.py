"""Whatever is uploaded, reading it either gives an export or refuses it with a message."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermanager.portability.archive import ArchiveError, read_archive

MAX = 1024 * 1024


def _read(data: bytes):
    return read_archive(io.BytesIO(data), size=len(data), max_bytes=MAX)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_are_refused_plainly(data):
    with pytest.raises(ArchiveError):
        _read(data)


names = st.lists(
    st.sampled_from(["a", "b", ".", "/", "\\", ":", "-", " ", "..", "files/", "x.pdf"]),
    min_size=1,
    max_size=8,
).map("".join)
documents = st.one_of(
    st.binary(max_size=200),
    st.just(b"[" * 100_000 + b"]" * 100_000),  # nested deeper than the parser goes
    st.just(b'{"format": "careermanager-export", "version": 1}'),
    st.just(b'{"format": "careermanager-export", "version": "1"}'),
    st.just(b"\xff\xfe{}"),
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(names, st.binary(max_size=64)), max_size=5), documents)
def test_any_zip_is_refused_plainly(entries, document):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("careermanager-export.json", document)
        for name, content in entries:
            archive.writestr(name, content)
    with pytest.raises(ArchiveError):
        _read(out.getvalue())


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_two_entries_of_one_name_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("careermanager-export.json", b"{}")
        archive.writestr("careermanager-export.json", b"{}")
    with pytest.raises(ArchiveError, match="two entries with the same name"):
        _read(out.getvalue())
