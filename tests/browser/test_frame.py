"""The page frame works from the keyboard and on a narrow phone screen."""

import pytest

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

# What a focused element looks like, compared before and after it takes the focus.
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return [style.outlineStyle, style.outlineWidth, style.backgroundColor, style.boxShadow].join("|");
}"""
ACTIVE_ELEMENT = """() => {
  const el = document.activeElement;
  return {
    text: el.textContent.trim(),
    href: el.getAttribute("href"),
    id: el.id,
    inPrimaryNav: Boolean(el.closest("nav.primary-nav")),
    inMain: Boolean(el.closest("main")) && el.tagName !== "MAIN",
  };
}"""


@pytest.fixture
def member(db):
    return UserFactory(email="keyboard@example.org", full_name="Kofi Mensah")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(ui, member):
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/")
    keyboard = ui.page.keyboard

    keyboard.press("Tab")
    focused = ui.page.evaluate(ACTIVE_ELEMENT)
    assert (focused["text"], focused["href"]) == ("Skip to main content", "#main")
    # Hidden until focused, then on screen.
    box = ui.page.get_by_role("link", name="Skip to main content").bounding_box()
    assert box["x"] >= 0
    assert box["y"] >= 0

    keyboard.press("Enter")
    assert ui.page.evaluate(ACTIVE_ELEMENT)["id"] == "main"
    # The next Tab stop is inside the page's content: the header was skipped.
    keyboard.press("Tab")
    assert ui.page.evaluate(ACTIVE_ELEMENT)["inMain"]


def test_primary_navigation_is_reachable_by_tab_with_a_visible_focus(ui, member):
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/")
    nav_links = ui.page.locator("nav.primary-nav a")
    labels = [text.strip() for text in nav_links.all_inner_texts()]
    assert labels[0] == "Home"
    unfocused_style = nav_links.first.evaluate(FOCUS_STYLE)

    reached = []
    for _ in range(40):
        ui.page.keyboard.press("Tab")
        focused = ui.page.evaluate(ACTIVE_ELEMENT)
        if focused["inMain"]:
            break
        if focused["inPrimaryNav"]:
            if not reached:
                assert nav_links.first.evaluate(FOCUS_STYLE) != unfocused_style, (
                    "a focused navigation link looks the same as an unfocused one"
                )
            reached.append(focused["text"])
    # Every section, in the order shown, before the page's content.
    assert reached == labels


@pytest.mark.parametrize("signed_in", [False, True], ids=["welcome", "dashboard"])
def test_home_page_fits_a_320_pixel_screen(ui, member, signed_in):
    ui.page.set_viewport_size({"width": 320, "height": 640})
    if signed_in:
        ui.log_in(member.email, TEST_PASSWORD)
        assert ui.heading() == f"Hello, {member.full_name}"
    else:
        ui.visit("/")
    overflow = ui.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px wide"


def test_sign_up_page_fits_a_320_pixel_screen(ui):
    ui.page.set_viewport_size({"width": 320, "height": 640})
    ui.visit("/accounts/signup/")
    ui.press("Create account")  # empty: every field shows its error
    assert ui.page.title().startswith("Error: ")
    overflow = ui.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px wide"


def test_footer_pages_open_with_one_heading_and_their_own_title(ui):
    ui.visit("/")
    titles = {ui.page.title()}
    footer = ui.page.get_by_role("navigation", name="Support links")
    names = [text.strip() for text in footer.get_by_role("link").all_inner_texts()]
    assert names == ["Help", "Accessibility statement", "Privacy notice"]
    for name in names:
        ui.click_link(name, within="footer")
        assert ui.page.get_by_role("heading", level=1).count() == 1
        titles.add(ui.page.title())
    assert len(titles) == len(names) + 1, "two pages share a title"
