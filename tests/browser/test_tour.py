"""A tour of the service with the demo data: every page reachable by a link opens and passes.

Starting at the dashboard, the tour follows the links on each page (one page per kind of
address, so "/profile/employment/7/" stands for every employment) and checks every page
with axe-core, like all browser tests. Downloads are checked for their status only. The
demo member goes first; then the demo member of staff, who must turn on two-factor sign-in
at the first log-in, tours the pages only staff can reach.
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from careermanager.core.management.commands.demo import DEMO_PASSWORD, MEMBER_EMAIL, STAFF_EMAIL
from tests.browser.helpers import set_up_two_factor

pytestmark = pytest.mark.browser

# Not pages to look at: leaving, the developer outbox, the admin site.
SKIP = re.compile(r"^/(accounts/logout/|outbox/|admin/|static/|media/)")
MAX_PAGES = 150


def kind_of(target: str) -> str:
    """Addresses that differ only in ids, codes (A1, B2) or filters show the same page."""
    path = target.partition("?")[0]
    return re.sub(r"/[A-Za-z]?\d+/", "/N/", re.sub(r"/[A-Za-z]?\d+/", "/N/", path))


def test_every_section_in_the_navigation_opens(ui):
    call_command("demo", "--force", stdout=io.StringIO())
    ui.log_in(MEMBER_EMAIL, DEMO_PASSWORD)
    nav = ui.page.get_by_role("navigation", name="Main")
    sections = [text.strip() for text in nav.get_by_role("link").all_inner_texts()]
    assert sections[0] == "Home"
    for section in sections[1:]:
        ui.click_link(section, within="nav.primary-nav")
        current = ui.page.locator("nav.primary-nav a[aria-current='page']")
        assert current.inner_text().strip() == section
        assert ui.page.get_by_role("heading", level=1).count() == 1


def tour(ui, seen_kinds: set[str]) -> list[str]:
    """Follow links breadth-first from the dashboard, one page per new kind of address."""
    origin = urlsplit(ui.base_url).netloc
    queue = deque(["/"])
    seen_kinds.add(kind_of("/"))
    visited = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        head = ui.page.request.head(ui.url(path), max_redirects=0)
        if not head.headers.get("content-type", "").startswith("text/html"):
            assert head.status < 400, f"{path} answered {head.status}"
            continue
        response = ui.page.goto(ui.url(path))
        ui.check_page()
        assert response.status == 200, f"{path} answered {response.status}"
        assert ui.page.get_by_role("heading", level=1).count() == 1, f"{path}: one h1"
        visited.append(path)
        hrefs = ui.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            url = urlsplit(urldefrag(href).url)
            if url.netloc != origin or SKIP.match(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if kind_of(target) not in seen_kinds:
                seen_kinds.add(kind_of(target))
                queue.append(target)
    assert not queue, f"stopped after {MAX_PAGES} pages; {len(queue)} kinds of page not toured"
    return visited


def test_every_page_reachable_by_a_link_opens(ui):
    call_command("demo", "--force", stdout=io.StringIO())
    seen_kinds: set[str] = set()

    ui.log_in(MEMBER_EMAIL, DEMO_PASSWORD)
    member_pages = tour(ui, seen_kinds)
    assert len(member_pages) > 5
    ui.log_out()

    # Staff cannot open anything before turning on two-factor sign-in.
    ui.log_in(STAFF_EMAIL, DEMO_PASSWORD)
    set_up_two_factor(ui)
    staff_pages = tour(ui, seen_kinds)

    print(f"Toured {len(member_pages)} pages as a member:", *member_pages, sep="\n  ")
    print(f"and {len(staff_pages)} more as staff:", *staff_pages, sep="\n  ")
