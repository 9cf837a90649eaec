"""The check that evidence references and verifier messages carry no links."""

import contextlib
import time

import pytest
from django.core.exceptions import ValidationError

from careermanager.competence.validators import MAX_CHECKED_LENGTH, reject_links


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/report.pdf",
        "see ftp://files.internal/tr114",
        "mailto:ann@example.org",
        "www.intranet",
        "example.com",
        "Report at intranet.example.co.uk/reports",
        "Ask sharepoint.acme.com for it",
        "EXAMPLE.ORG",
    ],
)
def test_links_are_refused(value):
    with pytest.raises(ValidationError) as error:
        reject_links(value)

    assert error.value.code == "link"


@pytest.mark.parametrize(
    "value",
    ["", "Test report TR-114, issue 2", "Drawing 12.3-A rev. B", "Minutes of 3.4.2024", "v1.2"],
)
def test_document_names_pass(value):
    reject_links(value)


@pytest.mark.parametrize(
    "value",
    [
        "a" * 1_000_000,
        "a-" * 500_000,
        "a." * 500_000,
        "a:" * 500_000,
    ],
)
def test_a_megabyte_is_refused_at_once(value):
    started = time.perf_counter()
    with pytest.raises(ValidationError):
        reject_links(value)

    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("pattern", ["a", "a-", "a.", "1+", "w", "ab:/", "mailt", "a.b-"])
def test_the_longest_checked_text_is_searched_in_linear_time(pattern):
    value = (pattern * MAX_CHECKED_LENGTH)[:MAX_CHECKED_LENGTH]
    started = time.perf_counter()
    with contextlib.suppress(ValidationError):
        reject_links(value)

    assert time.perf_counter() - started < 0.25
