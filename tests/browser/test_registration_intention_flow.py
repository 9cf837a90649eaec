"""Stating an intention to register in one sitting, with the keyboard alone.

The member adds two supporters, starts an intention from the home page, chooses the category,
timescale and route, chooses the supporters, checks their answers and submits, and sees the
acknowledgement. Every page is checked with axe-core.
"""

import pytest
from django.core import mail

from careermanager.registration.models import Intention, Status
from tests.browser.helpers import FOCUSED_LABEL, follow, tab_to, tab_to_field
from tests.factories import TEST_PASSWORD, UserFactory
from tests.profiles.factories import PersonalDetailsFactory

pytestmark = pytest.mark.browser


def tick(ui, label: str) -> None:
    """Tab to a checkbox or radio button by its label and choose it with the space bar."""
    tab_to_field(ui, label)
    ui.page.keyboard.press("Space")


def choose(ui, entry: str, wanted: str) -> None:
    """Tab into a radio group where its focus lands (`entry`), then arrow to `wanted`."""
    tab_to_field(ui, entry)
    for _ in range(8):
        if ui.page.evaluate(FOCUSED_LABEL).startswith(wanted):
            ui.page.keyboard.press("Space")  # the arrows choose; the first needs a press
            return
        ui.page.keyboard.press("ArrowDown")
    pytest.fail(f"{wanted!r} was not reached with the arrow keys")


def type_into(ui, label: str, text: str) -> None:
    tab_to_field(ui, label)
    ui.page.keyboard.type(text)


def add_supporter(ui, name: str, email: str, relationship: str) -> None:
    tab_to(ui, "Add a supporter")
    follow(ui)
    assert ui.heading() == "Add a supporter"
    type_into(ui, "Full name", name)
    type_into(ui, "Email address", email)
    choose(ui, "Sponsor", relationship)
    tab_to(ui, "Add supporter", exact=True)
    follow(ui)
    assert f"{name} is now one of your supporters." in ui.text()


def test_an_intention_to_register_with_the_keyboard(ui):
    member = UserFactory(full_name="Grace Mbeki")
    PersonalDetailsFactory(
        owner=member,
        first_name="Grace",
        last_name="Mbeki",
        address_line_1="3 Quay Street",
        town="Bristol",
        country="United Kingdom",
    )
    ui.log_in(member.email, TEST_PASSWORD)

    tab_to(ui, "Registration", exact=True)
    follow(ui)
    assert ui.heading() == "Working towards registration"
    tab_to(ui, "Manage your supporters")
    follow(ui)
    assert ui.heading() == "Your supporters"
    add_supporter(ui, "Helen Achterberg", "helen@example.net", "Sponsor")
    add_supporter(ui, "Marcus Fenwick", "marcus@example.net", "Mentor")
    assert ui.heading() == "Your supporters"
    assert "Marcus Fenwick" in ui.text("table")

    tab_to(ui, "Your intention", exact=True)
    follow(ui)
    tab_to(ui, "State your intention to register")
    follow(ui)
    assert ui.heading() == "State your intention to register"
    tab_to(ui, "Start", exact=True)
    follow(ui)
    assert ui.heading() == "Your intention to register"
    assert "You have completed 1 of 3 required items." in ui.text()

    tab_to(ui, "2.")
    follow(ui)
    assert ui.heading() == "Category, timescale and route"
    tick(ui, "Chartered Engineer (CEng)")
    choose(ui, "Within 6 months", "In 1 to 2 years")
    choose(ui, "I do not know yet", "The standard route")
    tab_to(ui, "Save and return to the checklist")
    follow(ui)

    tab_to(ui, "3.")
    follow(ui)
    tick(ui, "Helen Achterberg (sponsor)")
    tick(ui, "Marcus Fenwick (mentor)")
    tab_to(ui, "Save and return to the checklist")
    follow(ui)
    assert "You have completed 3 of 3 required items." in ui.text()

    tab_to(ui, "Check and submit your intention")
    follow(ui)
    assert ui.heading() == "Check your intention before you submit it"
    assert "Chartered Engineer (CEng)" in ui.text()
    tick(ui, "I confirm that I intend to work towards professional registration")
    tab_to(ui, "Submit my intention")
    follow(ui)

    assert ui.heading() == "Your intention to register as CEng"
    assert "Your intention to register has been submitted." in ui.text()
    assert "Helen Achterberg" in ui.text("table")
    intention = Intention.objects.get(owner=member)
    assert intention.status == Status.SUBMITTED
    assert [message.to for message in mail.outbox] == [[member.email]]
