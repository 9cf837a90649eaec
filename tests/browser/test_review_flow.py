"""A member of staff reviews a sampled declaration; its member reads the outcome and replies.

Staff sign in with two-factor, draw a sample of last year's declarations, open the one drawn,
ask for more information; the member reads the feedback on their declaration's page and
answers with a file; staff read the reply and record the final outcome, which the member then reads.
Every page is checked with axe-core.
"""

import pytest

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from tests.browser.helpers import authenticator_code, set_up_two_factor
from tests.documents.files import pdf
from tests.factories import TEST_PASSWORD, UserFactory
from tests.review.factories import YEAR, submitted

pytestmark = pytest.mark.browser


def test_staff_review_a_declaration_and_the_member_reads_it(ui):
    member = UserFactory(email="mira@example.org", full_name="Mira Member")
    declaration = submitted(member)
    staff = user_set_role(
        user=UserFactory(email="sam@example.org", full_name="Sam Staff"),
        role=User.Role.STAFF,
        actor=None,
    )

    ui.log_in(staff.email, TEST_PASSWORD)
    secret, _codes = set_up_two_factor(ui)
    ui.click_link("Review", within="nav.primary-nav")
    assert ui.heading() == "CPD monitoring"
    ui.click_link(f"{YEAR} declarations", within="main")
    assert ui.heading() == f"CPD declarations for {YEAR}"
    ui.click_link("Draw a sample", within="main")
    ui.page.get_by_label("A number", exact=True).check()
    ui.fill("Percentage or number", "1")
    ui.fill("Seed (optional)", "browser-seed")
    ui.press("Draw the sample", within="main")
    assert "1 of 1 declarations were drawn for monitoring (seed browser-seed)" in ui.text()
    ui.click_link("Review the declaration of Mira Member", within="main")
    assert ui.heading() == f"{YEAR} CPD declaration of Mira Member"
    assert "Employment status" in ui.text()

    # A missing outcome is reported at the top and beside the field.
    ui.press("Record outcome and email the member", within="main")
    assert "There is a problem" in ui.text()
    ui.page.get_by_label("Needs more information", exact=True).check()
    ui.fill("Feedback for the member", "Please describe the two conferences in more detail.")
    ui.press("Record outcome and email the member", within="main")
    assert "The outcome has been recorded and Mira Member has been emailed." in ui.text()
    ui.log_out()

    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit(f"/declarations/{declaration.pk}/")
    assert "Please describe the two conferences in more detail." in ui.text()
    ui.click_link("Upload your Supporting file for your reply", within="main")
    ui.page.get_by_label("Supporting file for your reply", exact=True).set_input_files(
        [{"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    ui.press("Upload file", within="main")
    assert "certificate.pdf" in ui.text()
    ui.click_link("Reply to the request for more information", within="main")
    ui.fill("Your reply", "Both were two-day events on cable protection, 14 hours in all.")
    ui.press("Send reply", within="main")
    assert "Your reply has been sent to our staff." in ui.text()
    ui.log_out()

    ui.log_in(staff.email, TEST_PASSWORD)
    ui.fill("Code", authenticator_code(secret, steps_ahead=1))
    ui.press("Continue", within="main")
    ui.visit(f"/review/{YEAR}/?status=needs_more")
    ui.click_link("Review the declaration of Mira Member", within="main")
    assert "Both were two-day events on cable protection" in ui.text()
    assert "Download certificate.pdf" in ui.text()
    ui.page.get_by_label("Meets the CPD requirements", exact=True).check()
    ui.fill("Feedback for the member", "Thank you: your CPD meets the requirements.")
    ui.press("Record outcome and email the member", within="main")
    assert "This case is closed" in ui.text()
    ui.log_out()

    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit(f"/declarations/{declaration.pk}/")
    assert "Thank you: your CPD meets the requirements." in ui.text()
