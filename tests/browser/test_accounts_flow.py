"""Creating an account and keeping it safe, as a person does it in a real browser."""

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.helpers import authenticator_code, set_up_two_factor
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

NAME = "Priya Natarajan"
EMAIL = "priya.natarajan@example.org"
PASSWORD = "copper kettle harbour 42"
NEW_PASSWORD = "violet lantern orchard 7"


@pytest.fixture
def outbox(settings, live_server):
    """Development mode: emails land in the in-app outbox and link to the live server."""
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": "careermanager.core.mail.OutboxBackend"}}
    settings.SITE_URL = live_server.url


def open_email(ui, *, to: str, subject: str) -> None:
    """From a page linking to the outbox: open the newest email with this subject."""
    ui.click_link("outbox", within="main")
    assert ui.heading() == "Outbox"
    row = ui.page.get_by_role("row").filter(has_text=to).filter(has_text=subject).first
    ui.click(row.get_by_role("link", name=subject, exact=True))
    assert ui.heading() == subject


def follow_email_link(ui, path_start: str) -> None:
    ui.click(ui.page.locator(f"pre.email-body a[href*='{path_start}']"))


def test_sign_up_confirm_two_factor_and_reset_password(ui, outbox):
    # Sign up from the welcome page.
    ui.visit("/")
    ui.click_link("Create an account", within="main")
    assert ui.heading() == "Create an account"
    ui.fill("Full name", NAME)
    ui.fill("Email address", EMAIL)
    ui.fill("Password", PASSWORD)
    ui.fill("Confirm password", PASSWORD)
    ui.press("Create account")
    assert ui.heading() == "Check your email"
    assert EMAIL in ui.text()

    # The confirmation email, read in the outbox; its link shows a button that confirms.
    open_email(ui, to=EMAIL, subject="Confirm your email address")
    follow_email_link(ui, "/accounts/verify/")
    assert ui.heading() == "Confirm your email address"
    assert EMAIL in ui.text()
    ui.press("Confirm email address")
    assert ui.heading() == "Log in"
    assert "your email address is confirmed" in ui.text()

    # Log in: the dashboard greets the member by name.
    ui.log_in(EMAIL, PASSWORD)
    assert ui.heading() == f"Hello, {NAME}"

    # Turn on two-factor sign-in from the Security page.
    ui.click_link("Security", within="header")
    assert ui.heading() == "Security"
    ui.click_link("Turn on two-factor sign-in", within="main")
    secret, backup_codes = set_up_two_factor(ui)
    assert len(backup_codes) >= 5
    two_factor_row = ui.page.locator(".summary-list__row", has_text="Two-factor sign-in")
    assert two_factor_row.locator(".tag").text_content() == "On"
    assert f"{len(backup_codes)} backup codes left" in two_factor_row.inner_text()

    # Log out and in again: now the password alone is not enough.
    ui.log_out()
    ui.log_in(EMAIL, PASSWORD)
    assert ui.heading() == "Enter your code"
    # The code shown at set-up has been used; the app has moved on to the next one.
    ui.fill("Code", authenticator_code(secret, steps_ahead=1))
    ui.press("Continue", within="main")
    assert ui.heading() == f"Hello, {NAME}"

    # Forgotten password: the reset link arrives in the outbox.
    ui.log_out()
    ui.click_link("Forgotten your password?")
    assert ui.heading() == "Reset your password"
    ui.fill("Email address", EMAIL)
    ui.press("Send reset link")
    assert ui.heading() == "Check your email"
    open_email(ui, to=EMAIL, subject="Reset your password")
    follow_email_link(ui, "/accounts/password/reset/")
    assert ui.heading() == "Choose a new password"
    ui.fill("New password", NEW_PASSWORD)
    ui.fill("New password confirmation", NEW_PASSWORD)
    ui.press("Change password")
    assert ui.heading() == "Log in"
    assert "Your password has been changed" in ui.text()

    # The old password no longer works; the new one does, with a backup code this time.
    ui.log_in(EMAIL, PASSWORD)
    assert ui.page.title().startswith("Error: ")
    assert "Enter the email address and password of your account" in ui.text(".error-summary")
    ui.log_in(EMAIL, NEW_PASSWORD)
    assert ui.heading() == "Enter your code"
    ui.fill("Code", backup_codes[0])
    ui.press("Continue", within="main")
    assert ui.heading() == f"Hello, {NAME}"
    ui.click_link("Security", within="header")
    assert f"{len(backup_codes) - 1} backup codes left" in ui.text()


def field_error(ui, label: str) -> str:
    """The error shown beside a field, found through the field's own description."""
    field = ui.page.get_by_label(label, exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    error_ids = [id_ for id_ in described_by if id_.endswith("_error")]
    assert error_ids, f"{label} does not point at its error message"
    return ui.page.locator(f"#{error_ids[0]}").inner_text()


def test_sign_up_errors_are_shown_and_what_was_typed_is_kept(ui):
    ui.visit("/accounts/signup/")
    ui.fill("Full name", NAME)
    ui.fill("Email address", EMAIL)
    ui.fill("Password", PASSWORD)
    ui.fill("Confirm password", PASSWORD + "!")
    ui.press("Create account")

    assert ui.page.title().startswith("Error: ")
    summary = ui.page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    summary_link = summary.get_by_role("link", name="The passwords do not match", exact=False)
    assert summary_link.get_attribute("href") == "#id_password2"
    assert "The passwords do not match" in field_error(ui, "Confirm password")
    # The summary took the focus, so a screen reader reads it first.
    assert ui.page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert ui.value("Full name") == NAME
    assert ui.value("Email address") == EMAIL

    ui.fill("Password", "password")
    ui.fill("Confirm password", "password")
    ui.press("Create account")
    assert ui.page.title().startswith("Error: ")
    summary_text = ui.page.get_by_role("alert").inner_text()
    assert "too short" in summary_text
    assert "too common" in summary_text
    assert "too short" in field_error(ui, "Password")
    assert ui.value("Full name") == NAME
    assert ui.value("Email address") == EMAIL

    # Nothing was created.
    from careermanager.accounts.models import User

    assert not User.objects.filter(email=EMAIL).exists()


def test_too_many_wrong_passwords_pause_logging_in(ui):
    user = UserFactory(email="lockme@example.org")
    limit = django_settings.AXES_FAILURE_LIMIT
    ui.visit("/accounts/login/")
    for attempt in range(1, limit + 2):
        ui.log_in(user.email, f"wrong password {attempt}")
        if ui.heading() != "Log in":
            break
        assert "Enter the email address and password" in ui.text(".error-summary")
    assert attempt >= limit, f"paused after only {attempt} wrong passwords"
    assert ui.page.title().startswith("Too many attempts")
    assert "Too many attempts" in ui.heading()
    # Even the right password is refused while the pause lasts.
    ui.visit("/accounts/login/")
    ui.log_in(user.email, TEST_PASSWORD)
    assert "Too many attempts" in ui.heading()


def test_change_password_and_turn_off_two_factor(ui):
    user = UserFactory(email="careful@example.org", full_name="Grace Adeyemi")
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    ui.log_in(user.email, TEST_PASSWORD)
    assert ui.heading() == "Enter your code"
    ui.fill("Code", authenticator_code(device.bin_key))
    ui.press("Continue", within="main")
    assert ui.heading() == "Hello, Grace Adeyemi"

    ui.click_link("Security", within="header")
    ui.click_link("Change your password", within="main")
    assert ui.heading() == "Change your password"
    ui.fill("Old password", TEST_PASSWORD)
    ui.fill("New password", NEW_PASSWORD)
    ui.fill("New password confirmation", NEW_PASSWORD)
    ui.press("Change password")
    assert ui.heading() == "Security"
    assert "Your password has been changed." in ui.text()

    ui.click_link("Turn off two-factor sign-in", within="main")
    assert ui.heading() == "Turn off two-factor sign-in"
    ui.fill("Your password", TEST_PASSWORD)  # the old one
    ui.press("Turn off two-factor sign-in")
    assert ui.page.title().startswith("Error: ")
    assert ui.page.get_by_role("alert").is_visible()
    ui.fill("Your password", NEW_PASSWORD)
    ui.press("Turn off two-factor sign-in")
    assert ui.heading() == "Security"
    assert "Two-factor sign-in is now off." in ui.text()
    two_factor_row = ui.page.locator(".summary-list__row", has_text="Two-factor sign-in")
    assert two_factor_row.locator(".tag").text_content() == "Off"
