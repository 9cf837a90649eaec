"""How long an application is against the guidance: characters per role, printed pages.

The guidance asks for about 3,000 characters for each role and about 12 pages for the whole
application. ``estimated_pages`` predicts the page count of the application PDF (the
supporting documents drawn after it not counted) from what it shows, without making the PDF,
so the length meter can update as the member types.
"""

from typing import Any

ROLE_GUIDE_CHARS = 3000
PAGE_GUIDE = 12

# Calibrated against the application PDF (tests/registration/test_application_pdf.py): about
# 4,800 characters of the member's text fill a page once headings, labels and spacing are
# drawn, and the title block with personal details, category, panelling and the list of
# documents take about one page more. Attestations, added after locking, are not counted.
CHARS_PER_PAGE = 4800
FIXED_PAGES = 1


def text_length(text: str) -> int:
    """Characters as the member counts them: line breaks as one, surrounding space not."""
    return len(text.replace("\r\n", "\n").strip())


def estimated_pages(records: dict[str, Any]) -> int:
    """The printed pages the application's own text takes (supporting documents not counted)."""
    chars = sum(
        text_length(role["application_text"]) + 200
        for role in records["employment"]
        if role["included"]
    )
    chars += sum(
        text_length(competence["statement"]) + 150
        for area in records["areas"]
        for competence in area["competences"]
    )
    chars += 120 * (
        len(records["education"]) + len(records["development_schemes"]) + len(records["training"])
    )
    return FIXED_PAGES + -(-chars // CHARS_PER_PAGE)
