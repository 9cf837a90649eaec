"""The private parts of pypdf and python-docx the renderers use are still there."""

import pytest

from careermanager.reports.renderers import compat


def test_the_libraries_still_have_the_shape_the_renderers_rely_on():
    compat.check_library_shapes()


def test_a_changed_library_fails_with_a_clear_message(monkeypatch):
    from pypdf import PdfWriter

    monkeypatch.delattr(PdfWriter, "_add_object")

    with pytest.raises(compat.LibraryChanged, match=r"pypdf PdfWriter\._add_object.*compat\.py"):
        compat.check_library_shapes()
