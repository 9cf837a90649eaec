"""From a job profile's gap to the development history, with the keyboard alone.

The member follows "Set an objective" beside a gap on their job profile, writes the objective,
adds two actions, marks them and then the objective complete where they are listed (htmx),
and finds the objective in their development history. Every page and every change in place
is checked with axe-core.
"""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from careermanager.competence.queries import SkillLevel
from careermanager.development.models import Objective, Status
from tests.browser.helpers import FOCUSED_TEXT, follow, tab_to, tab_to_field
from tests.competence.factories import (
    AssessmentFactory,
    JobProfileFactory,
    JobProfileItemFactory,
    assess,
    competence,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def type_date(ui, day: date) -> None:
    """Type a date into the focused date field, digit by digit as a person does.

    The browser orders the day and month by its own language, so the dates typed here have
    the same day and month, and read the same either way.
    """
    assert day.day == day.month
    ui.page.keyboard.type(day.strftime("%d%m%Y"))


def test_from_a_job_profile_gap_to_the_history(ui):
    member = UserFactory(full_name="Grace Mbeki")
    AssessmentFactory(owner=member)
    assess(member, "C2", SkillLevel.PRACTITIONER)
    profile = JobProfileFactory(owner=member, title="Engineering manager")
    JobProfileItemFactory(profile=profile, competence=competence("C2"), target_level="expert")
    today = timezone.localdate()

    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit(reverse("competence:job-profile-detail", args=[profile.pk]))
    tab_to(ui, "Set an objective")
    follow(ui)
    assert ui.heading() == "Set an objective"
    # Proposed from the gap: about the job profile's C2, aiming at the level the role needs.
    assert ui.page.get_by_label("A competence of one of my job profiles").is_checked()
    assert ui.value("What do you want to achieve?").startswith("Reach Expert in C2")
    assert "Your level now is Practitioner" in ui.text()

    tab_to_field(ui, "How will you know you have achieved it?")
    ui.page.keyboard.type("The department's programme reports are mine for a full year.")
    tab_to_field(ui, "Target date")
    type_date(ui, date(today.year + 1, 7, 7))
    tab_to(ui, "Save and add actions")
    follow(ui)
    objective = Objective.objects.get(owner=member)
    assert ui.heading() == objective.title
    assert objective.job_profile_id == profile.pk
    assert objective.starting_level == SkillLevel.PRACTITIONER

    # Two actions, the second added straight after the first.
    for description, kind_key, month, button in (
        ("Shadow the programme manager", "Shad", 3, "Save and add another"),
        ("APM project fundamentals course", "Train", 5, "Save action"),
    ):
        if button == "Save and add another":
            tab_to(ui, "Add an action")
            follow(ui)
        assert ui.heading() == "Add an action"
        tab_to_field(ui, "Type of action")
        ui.page.keyboard.type(kind_key)
        tab_to_field(ui, "What will you do?")
        ui.page.keyboard.type(description)
        tab_to_field(ui, "Due date")
        type_date(ui, date(today.year + 1, month, month))
        tab_to(ui, button)
        follow(ui)
    assert ui.heading() == objective.title
    kinds = dict(objective.actions.values_list("description", "kind"))
    assert kinds == {
        "Shadow the programme manager": "shadowing",
        "APM project fundamentals course": "course",
    }

    # Each action marked complete in place.
    for action in objective.actions.order_by("due_date"):
        ui.page.focus("body")
        tab_to_field(ui, f"Status of “{action.description}”")
        ui.page.keyboard.type("Co")  # "Complete"
        ui.page.keyboard.press("Tab")
        assert ui.page.evaluate(FOCUSED_TEXT).startswith("Update")
        ui.page.keyboard.press("Enter")
        status = ui.page.locator(f"#action-{action.pk}-status")
        status.get_by_text("Saved.").wait_for()
        assert "Complete" in status.inner_text()
        ui.check_page()
    assert set(objective.actions.values_list("status", flat=True)) == {Status.COMPLETE}

    # Then the objective, today; it moves to the history.
    ui.page.focus("body")
    tab_to_field(ui, "Status")
    ui.page.keyboard.type("Co")
    tab_to(ui, "Update status")
    ui.page.keyboard.press("Enter")
    ui.page.locator(f"#objective-{objective.pk}-status").get_by_text("Saved.").wait_for()
    ui.check_page()
    objective.refresh_from_db()
    assert objective.status == Status.COMPLETE
    assert objective.completed_on == today
    tab_to(ui, "development history")
    follow(ui)
    assert ui.heading() == "Your development history"
    history = ui.text()
    assert objective.title in history
    assert f"on {today.day} {today:%B %Y}" in history
    assert "Shadow the programme manager" in history
    assert "APM project fundamentals course" in history
    # The download of the history is offered here (its contents are tested with the documents).
    download = ui.page.get_by_role("link", name="Download your development history")
    assert download.get_attribute("href") == reverse("development:history-download")

    # Downloaded for an appraisal: made in the background, then saved as a PDF.
    ui.page.focus("body")
    tab_to(ui, "Download your development history")
    follow(ui)
    assert ui.heading() == "Download your development history"
    tab_to(ui, "Create the document")
    follow(ui)
    ui.page.get_by_text("is ready").wait_for()
    ui.check_page()
    ui.page.focus("body")
    tab_to(ui, "Download your")
    with ui.page.expect_download() as started:
        ui.page.keyboard.press("Enter")
    with open(started.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    # Words only: long titles wrap across lines in the PDF.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Development history" in text
    assert objective.title in text
    assert "Shadow the programme manager" in text

    # And it has left the plan.
    tab_to(ui, "Plan")
    follow(ui)
    assert ui.heading() == "Your development plan"
    assert objective.title not in ui.text()
