"""The whole registration journey, with the keyboard alone: Tab, Enter, Space, arrows, typing.

The member starts an application from the registration page and completes its checklist
(category, employment text from the CV, advisor, statements pulled from their assessment
evidence in one action, the profile's accountability diagram, panelling), watches the length
meter, locks it after the check page and invites three attesters: one of their supporters and
two new people. Each attester, in a browser of their own, reads their email in the outbox,
opens the link, reads the briefing and the application, comments and signs. The member submits
and sees the timeline; a member of staff, signed in with two-factor, confirms receipt with a
message, which the member reads on the timeline and in the receipt email. The submitted
application's PDF names the member on its front page, numbers its pages, and lists the
attesters and the fingerprint they signed. Every page is checked with axe-core.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from careermanager.competence.queries import category_competences
from careermanager.registration.models import (
    Application,
    ApplicationStatus,
    ListEntry,
    ListKind,
    Relationship,
)
from tests.browser.conftest import DESKTOP, UI
from tests.browser.helpers import FOCUSED_LABEL, authenticator_code, follow, tab_to, tab_to_field
from tests.competence.factories import assess
from tests.factories import TEST_PASSWORD, UserFactory
from tests.profiles.factories import (
    AccountabilityPersonFactory,
    EmploymentFactory,
    PersonalDetailsFactory,
)
from tests.registration.factories import SupporterFactory, locked_application

pytestmark = pytest.mark.browser

MEMBER = "Grace Mbeki"
MEMBER_EMAIL = "grace.mbeki@example.org"
CATEGORY = "CEng"
RESPONSIBILITIES = "I lead the protection design for the 33 kV network in the south west."
ACHIEVEMENTS = "I cut relay setting errors by half with a checked settings workflow."
ADDED_TEXT = " I also mentor two graduate engineers through their first protection studies."
ADVISOR = "Dr Alan Whitcombe"
SECTOR = "Energy"
SPECIALISM = "Power systems protection"
# (role, name, email, registration number); the sponsor is one of the member's supporters.
SPONSOR = ("sponsor", "Helen Achterberg", "helen.achterberg@example.net", "CEng 204117")
PROPOSER = ("proposer", "Marcus Fenwick", "marcus.fenwick@example.net", "CEng 311902")
SUPPORTER = ("supporter", "Amara Okafor", "amara.okafor@example.net", "IEng 118044")
MENTOR = "Priya Natarajan"
ATTESTERS = [SPONSOR, PROPOSER, SUPPORTER]
INVITATION = f"{MEMBER} asks you to attest their application for {CATEGORY} registration"
RECEIPT_MESSAGE = "Thank you, Grace: your application is complete and goes to the March panel."

FOCUSED = "(() => { const e = document.activeElement; return e ? e.%s : ''; })()"
FOCUSED_ROW = (
    "(() => { const e = document.activeElement;"
    " const row = e && e.tagName === 'A' ? e.closest('tr') : null;"
    " return row ? row.innerText : ''; })()"
)


# Keyboard steps -------------------------------------------------------------------------------


def type_into(ui, label: str, text: str, *, replace: bool = False) -> None:
    """Tab to a field by its label and type, at the end of what it holds or over it."""
    tab_to_field(ui, label)
    ui.page.keyboard.press("Control+A" if replace else "Control+End")
    ui.page.keyboard.type(text)


def tick(ui, label: str) -> None:
    """Tab to a checkbox by its label and tick it with the space bar."""
    tab_to_field(ui, label)
    ui.page.keyboard.press("Space")


def choose(ui, name: str, wanted: str) -> None:
    """Tab into the radio group `name` wherever its focus lands, then arrow to `wanted`."""
    for _ in range(120):
        ui.page.keyboard.press("Tab")
        if (
            ui.page.evaluate(FOCUSED % "type") == "radio"
            and ui.page.evaluate(FOCUSED % "name") == name
        ):
            break
    else:
        pytest.fail(f"the radio buttons {name!r} were not reached with Tab")
    for _ in range(10):
        if ui.page.evaluate(FOCUSED_LABEL).startswith(wanted):
            ui.page.keyboard.press("Space")  # the arrows choose; the first needs a press
            assert ui.page.evaluate(FOCUSED % "checked")
            return
        ui.page.keyboard.press("ArrowDown")
    pytest.fail(f"{wanted!r} was not reached with the arrow keys")


def select(ui, label: str, wanted: str) -> None:
    """Tab to a drop-down list and type the start of the option, as a person would."""
    tab_to_field(ui, label)
    ui.page.keyboard.type(wanted)
    chosen = ui.page.evaluate(
        "(() => { const e = document.activeElement; return e.selectedOptions[0].text; })()"
    )
    assert chosen == wanted


def go(ui, name: str, *, exact: bool = False) -> None:
    """Tab to a link or button and follow it with Enter."""
    tab_to(ui, name, exact=exact)
    follow(ui)


def tab_to_row_link(ui, *texts: str, limit: int = 200) -> None:
    """Tab to a link in the table row that holds every one of `texts`."""
    for _ in range(limit):
        ui.page.keyboard.press("Tab")
        row = ui.page.evaluate(FOCUSED_ROW)
        if all(text in row for text in texts):
            return
    pytest.fail(f"no link in a row with {texts!r} was reached with Tab")


def log_in(ui, email: str) -> None:
    ui.visit("/accounts/login/")
    type_into(ui, "Email address", email)
    type_into(ui, "Password", TEST_PASSWORD)
    with ui.page.expect_navigation(wait_until="load"):
        ui.page.keyboard.press("Enter")
    ui.check_page()


def open_email(ui, *, to: str, subject: str) -> str:
    """From any page: open the outbox, then the newest email to `to` with this subject."""
    go(ui, "Outbox", exact=True)
    assert ui.heading() == "Outbox"
    tab_to_row_link(ui, to, subject)
    follow(ui)
    assert ui.heading() == subject
    return ui.text("pre.email-body")


def open_item(ui, number: int) -> None:
    tab_to(ui, f"{number}.")
    follow(ui)


def status_of(ui, key: str) -> str:
    return ui.page.locator(f"#item-{key} .tag").text_content().strip()


# Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def outbox(settings, live_server):
    """Development mode: emails land in the in-app outbox and link to the live server."""
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": "careermanager.core.mail.OutboxBackend"}}
    settings.SITE_URL = live_server.url


@pytest.fixture
def new_browser(chromium, axe, live_server, ui):
    """Another person in a browser of their own each call: no cookies shared, checked alike."""
    opened = []

    def open_one() -> UI:
        context = chromium.new_context(
            viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(15_000)
        helper = UI(context.new_page(), live_server.url, axe)
        opened.append((context, helper))
        return helper

    yield open_one
    unchecked = sum(helper.loads - helper.checked_loads for _, helper in opened)
    for context, _ in opened:
        context.close()
    if unchecked:
        pytest.fail(f"{unchecked} page load(s) in other browsers were never checked with axe-core")


@pytest.fixture
def member(db):
    """A member with a profile, a CV, a full CEng assessment and one supporter (a sponsor)."""
    member = UserFactory(email=MEMBER_EMAIL, full_name=MEMBER)
    PersonalDetailsFactory(
        owner=member,
        first_name="Grace",
        last_name="Mbeki",
        address_line_1="3 Quay Street",
        town="Bristol",
        country="United Kingdom",
    )
    role = EmploymentFactory(
        owner=member,
        employer="Northwind Grid",
        job_title="Senior protection engineer",
        responsibilities=RESPONSIBILITIES,
        achievements=ACHIEVEMENTS,
    )
    AccountabilityPersonFactory(
        employment=role, relation="above", level=1, name="Ruth Calder", job_title="Head of design"
    )
    AccountabilityPersonFactory(employment=role, name="Tom Reyes", job_title="Graduate engineer")
    for competence in category_competences(CATEGORY):
        assess(
            member,
            competence.code,
            evidence=f"For {competence.code} I led the Ferry Lane substation protection work.",
        )
    _, name, email, number = SPONSOR
    SupporterFactory(
        owner=member,
        name=name,
        email=email,
        relationship=Relationship.SPONSOR,
        registration_number=number,
    )
    # A mentor who is not asked to attest: the invitation pages list them beside "Someone else".
    SupporterFactory(
        owner=member,
        name=MENTOR,
        email="priya.natarajan@example.net",
        relationship=Relationship.MENTOR,
    )
    ListEntry.objects.get_or_create(kind=ListKind.SECTOR, name=SECTOR)
    ListEntry.objects.get_or_create(kind=ListKind.SPECIALISM, name=SPECIALISM)
    return member


@pytest.fixture
def staff(db):
    return user_set_role(
        user=UserFactory(email="sam.staff@example.org", full_name="Sam Staff"),
        role=User.Role.STAFF,
        actor=None,
    )


# The journey ---------------------------------------------------------------------------------


def draft_the_application(ui) -> Application:
    go(ui, "Registration", exact=True)
    assert ui.heading() == "Working towards registration"
    go(ui, "Start your application", exact=True)
    assert ui.heading() == "Your application for registration"
    assert "You have started your application for registration." in ui.text()
    assert status_of(ui, "personal-details") == "Completed"
    assert status_of(ui, "panelling") == "Cannot start yet"
    application = Application.objects.get(owner__email=MEMBER_EMAIL)

    # 2. Category and route.
    open_item(ui, 2)
    assert ui.heading() == "Category and route"
    choose(ui, "category", "Chartered Engineer (CEng)")
    choose(ui, "route", "Standard route")
    go(ui, "Save and return to your application")
    assert "Your category and route are saved." in ui.text()
    assert ui.heading() == f"Your application for registration as {CATEGORY}"
    assert status_of(ui, "category") == "Completed"

    # 3. Employment: the role starts from the CV; the member adds to it and watches the meter.
    open_item(ui, 3)
    assert ui.heading() == "Employment history"
    assert "From your CV" in ui.text("table")
    go(ui, "Edit")
    assert ui.heading() == "Senior protection engineer, Northwind Grid"
    field = ui.page.get_by_label("Your responsibilities and achievements in this role")
    from_cv = field.input_value()
    assert RESPONSIBILITIES in from_cv
    assert ACHIEVEMENTS in from_cv
    meter = ui.page.locator("#length-meter")
    expect(meter).to_contain_text(f"This role: {len(from_cv.strip()):,} characters")
    type_into(ui, "Your responsibilities and achievements in this role", ADDED_TEXT)
    typed = len((from_cv + ADDED_TEXT).strip())
    # The count under the field follows each key; the meter follows once typing pauses.
    expect(ui.page.locator(".character-count")).to_contain_text(
        f"{3000 - typed:,} characters left of the guide of about 3,000"
    )
    expect(meter).to_contain_text(f"This role: {typed:,} characters, within the guide")
    expect(meter).to_contain_text(
        re.compile(r"Your whole application: about \d+ printed pages?, within the guidance")
    )
    go(ui, "Save and return to your roles")
    assert "Your text for Senior protection engineer is saved." in ui.text()
    assert "Written for this application" in ui.text("table")
    go(ui, "Return to your application")
    assert status_of(ui, "employment") == "Completed"

    # 7. The Professional Registration Advisor.
    open_item(ui, 7)
    assert ui.heading() == "Professional Registration Advisor"
    choose(ui, "advisor_spoken", "Yes")
    type_into(ui, "The advisor's name", ADVISOR)
    go(ui, "Save and return to your application")
    assert "Your answer about a Professional Registration Advisor is saved." in ui.text()
    assert f"Yes, {ADVISOR}" in ui.text("#item-advisor")

    # 8. Statements: every one filled from the assessment evidence with one action.
    total = len(category_competences(CATEGORY))
    open_item(ui, 8)
    assert ui.heading() == "Competence statements"
    assert f"0 of {total} statements written." in ui.text()
    go(ui, "Use my assessment evidence for every competence with no statement yet")
    assert f"{total} statements filled from your assessment evidence." in ui.text()
    assert f"{total} of {total} statements written." in ui.text()
    go(ui, "Return to your application")
    assert status_of(ui, "statements") == "Completed"

    # 9. Supporting documents: the accountability diagram the profile draws.
    open_item(ui, 9)
    assert ui.heading() == "Supporting documents"
    choose(ui, "use_profile_diagram", "Use the diagrams my profile draws")
    go(ui, "Save your choice")
    assert "Saved. Your application will use the diagrams your profile draws." in ui.text()
    diagram = ui.page.locator("figure.orgchart")
    expect(diagram).to_contain_text("Ruth Calder")
    go(ui, "Back to your application")
    assert status_of(ui, "documents") == "Completed"

    # 10. Panelling, open now that everything else is complete.
    assert status_of(ui, "panelling") == "Not started"
    open_item(ui, 10)
    assert ui.heading() == "Panelling information"
    select(ui, "Your sector", SECTOR)
    tick(ui, SPECIALISM)
    choose(ui, "interview_location", "Online (video call)")
    go(ui, "Save and return to your application")
    assert "Your panelling information is saved." in ui.text()
    assert "7 of 7 mandatory items complete." in ui.text()
    assert "Printed, your application would take about" in ui.text()
    return application


def lock_and_invite(ui) -> None:
    go(ui, "Lock for attestation")
    assert ui.heading() == "Check your application before you lock it"
    page = ui.text()
    for shown in (MEMBER, "Senior protection engineer", ADDED_TEXT.strip(), ADVISOR, SECTOR):
        assert shown in page, f"{shown!r} is not on the check page"
    go(ui, "Lock application", exact=True)
    assert ui.heading() == "Your attesters"
    assert "Your application is locked." in ui.text()
    assert "0 of 3 attesters have signed." in ui.text()

    # The sponsor: the supporter who is the member's sponsor is chosen already.
    role, name, email, number = SPONSOR
    go(ui, "Invite your sponsor")
    assert ui.heading() == "Invite your sponsor"
    tab_to_field(ui, name)
    assert ui.page.evaluate(FOCUSED % "checked"), "the sponsor is not chosen already"
    go(ui, "Send the invitation", exact=True)
    assert f"We have emailed {name} ({email}) a link" in ui.text()

    # The proposer and supporter: new people, not among the member's supporters.
    for role, name, email, number in (PROPOSER, SUPPORTER):
        go(ui, f"Invite your {role}")
        assert ui.heading() == f"Invite your {role}"
        assert MENTOR in ui.text("main form")
        choose(ui, "attester", "Someone else")
        type_into(ui, "Their full name", name)
        type_into(ui, "Their email address", email)
        type_into(ui, "Their professional registration or membership number", number)
        go(ui, "Send the invitation", exact=True)
        assert f"We have emailed {name} ({email}) a link" in ui.text()
    for _, name, _, _ in ATTESTERS:
        assert name in ui.text(".attest-slots")
    assert ui.text(".attest-slots").count("Invited") == 3


def attest(guest, role: str, name: str, email: str, number: str, area: dict) -> None:
    """An attester, in a browser of their own, from the email to the signature."""
    guest.visit("/")
    body = open_email(guest, to=email, subject=INVITATION)
    assert f"Dear {name}," in body
    assert f"act as their {role}" in body
    tab_to(guest, f"{guest.base_url}/guest/")
    follow(guest)
    assert guest.heading() == f"Attest {MEMBER}'s application for professional registration"
    assert f"as their {role}" in guest.text()
    go(guest, "Open the application", exact=True)
    assert guest.heading() == f"{MEMBER}'s application for Chartered Engineer (CEng)"
    assert f"Your role: {role}" in guest.text()
    assert ADDED_TEXT.strip() in guest.text()  # the application itself, as locked
    assert "You have not commented yet." in guest.text()

    go(guest, "Add your comments")
    assert guest.heading() == f"Your comments on {MEMBER}'s application"
    overall = f"As {MEMBER}'s {role} I confirm this is a fair account of her work."
    type_into(guest, "Your overall comment", overall)
    type_into(guest, f"{area['code']}. {area['title']}", f"{area['code']}: her own work.")
    go(guest, "Save comments", exact=True)
    assert guest.heading() == "Sign your attestation"
    assert "Your comments are saved." in guest.text()
    assert overall in guest.text()

    type_into(guest, "Your full name", name)
    assert guest.value("Your own registration or membership details") == number
    tick(guest, "I confirm that I have read this application")
    go(guest, "Sign attestation", exact=True)
    assert "Thank you: your attestation is signed." in guest.text()
    assert "Thank you: you have signed" in guest.text()
    assert overall in guest.text()


def test_the_whole_registration_journey_with_the_keyboard(ui, new_browser, outbox, member, staff):
    log_in(ui, MEMBER_EMAIL)
    application = draft_the_application(ui)
    lock_and_invite(ui)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.LOCKED
    digest = application.snapshot_sha256
    area = application.snapshot["areas"][0]

    # Each attester in a browser of their own, from the email in the outbox.
    for role, name, email, number in ATTESTERS:
        attest(new_browser(), role, name, email, number, area)

    # The member submits, by keyboard, from the registration page.
    go(ui, "Your intention", exact=True)
    go(ui, "Continue your application")
    go(ui, "Your attesters")
    assert "3 of 3 attesters have signed." in ui.text()
    go(ui, "Check and submit your application")
    assert ui.heading() == "Submit your application"
    assert ui.text("table").count("The version you locked") == 3
    go(ui, "Submit my application")
    assert ui.heading() == "Application submitted"
    assert "Your application has been submitted." in ui.text()
    go(ui, "your application's timeline")
    assert ui.heading() == "Your application's timeline"
    timeline = ui.text(".attest-timeline")
    for event in ("Application started", "Application locked", "Application submitted"):
        assert event in timeline
    assert timeline.count("Attestation signed") == 3
    assert timeline.count("Attester invited") == 3
    for role, name, _, _ in ATTESTERS:
        assert f"{role.capitalize()}: {name}" in timeline

    # The member was emailed as each attester signed, and when they submitted.
    go(ui, "Outbox", exact=True)
    mine = [row for row in ui.page.locator("tbody tr").all_inner_texts() if MEMBER_EMAIL in row]
    for role, _, _, _ in ATTESTERS:
        assert sum(f"Your {role} has signed their attestation" in row for row in mine) == 1
    submitted = f"Your application for {CATEGORY} registration has been submitted"
    assert sum(submitted in row for row in mine) == 1

    # Staff, signed in with two-factor, confirm receipt with a message.
    office = new_browser()
    log_in(office, staff.email)
    assert office.heading() == "Turn on two-factor sign-in"
    go(office, "Continue", exact=True)
    secret = office.page.locator("code.secret").inner_text()
    type_into(office, "Code", authenticator_code(secret))
    go(office, "Turn on two-factor sign-in", exact=True)
    assert office.heading() == "Your backup codes"
    go(office, "I have kept my codes")
    go(office, "Applications")
    assert office.heading() == "Registration applications"
    go(office, MEMBER)
    assert office.heading() == f"Application for {CATEGORY} registration of {MEMBER}"
    assert (
        office.page.locator("main .tag").all_text_contents().count("Matches the application") == 3
    )
    assert office.text().count(f"Comment on area {area['code']}") == 3
    assert office.text().count(f"{area['code']}: her own work.") == 3
    type_into(office, "Message to the member (optional)", RECEIPT_MESSAGE)
    go(office, "Confirm receipt and email the member")
    assert "Receipt confirmed." in office.text()

    # The member reads the message on the timeline and in the receipt email.
    go(ui, "Registration", exact=True)
    tab_to_row_link(ui, "Chartered Engineer (CEng)")
    follow(ui)
    assert "The institution confirmed receipt on" in ui.text()
    go(ui, "Timeline", exact=True)
    assert RECEIPT_MESSAGE in ui.text(".attest-timeline")
    body = open_email(
        ui,
        to=MEMBER_EMAIL,
        subject=f"We have received your application for {CATEGORY} registration",
    )
    assert RECEIPT_MESSAGE in body

    # The application as submitted: its kept PDF, downloaded from the application's page.
    go(ui, "Registration", exact=True)
    tab_to_row_link(ui, "Chartered Engineer (CEng)")
    follow(ui)
    tab_to(ui, "Download the application you submitted")
    with ui.page.expect_download() as started:
        ui.page.keyboard.press("Enter")
    assert started.value.suggested_filename.endswith(".pdf")
    with open(started.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    total = len(pages)
    assert MEMBER in pages[0], "the member's name is not on the front page"
    assert "3 Quay Street" in pages[0], "the member's address is not on the front page"
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text, f"page {number} is not numbered"
    everything = " ".join(pages)
    for _, name, _, number in ATTESTERS:
        assert name in everything, f"{name} is not in the PDF"
        assert number in everything, f"{name}'s registration details are not in the PDF"
    assert RECEIPT_MESSAGE not in everything  # what was submitted, not what came after
    assert digest in everything.replace(" ", ""), "the fingerprint is not in the PDF"


def test_inviting_someone_new_when_no_supporter_is_left(ui, outbox):
    member = UserFactory(email=MEMBER_EMAIL, full_name=MEMBER)
    application = locked_application(member, category=CATEGORY)
    log_in(ui, MEMBER_EMAIL)
    go(ui, "Registration", exact=True)
    go(ui, "Continue your application")
    go(ui, "Your attesters")
    role, name, email, number = PROPOSER
    go(ui, f"Invite your {role}")
    assert "You have no supporters to choose from" in ui.text()
    type_into(ui, "Their full name", name)
    type_into(ui, "Their email address", email)
    type_into(ui, "Their professional registration or membership number", number)
    go(ui, "Send the invitation", exact=True)
    assert f"We have emailed {name} ({email}) a link" in ui.text()
    assert application.attestations.get().email == email
