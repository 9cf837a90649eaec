"""Steps several browser tests share."""

import base64
import time

import pytest
from django_otp.oath import TOTP


def authenticator_code(secret: str | bytes, *, steps_ahead: int = 0) -> str:
    """What an authenticator app set up with this key shows now (or after some 30 s steps).

    The key is the one the set-up page shows (base32, in groups) or the device's raw bytes.
    Near the end of a 30-second step it waits for the next one, so the code is checked
    in the same step it was made in.
    """
    if isinstance(secret, str):
        key = secret.replace(" ", "").upper()
        secret = base64.b32decode(key + "=" * (-len(key) % 8))
    left_in_step = 30 - time.time() % 30
    if left_in_step < 3:
        time.sleep(left_in_step + 0.2)
    return f"{TOTP(secret, drift=steps_ahead).token():06d}"


def set_up_two_factor(ui) -> tuple[str, list[str]]:
    """On the "Turn on two-factor sign-in" page: scan, type the code, keep the backup codes.

    Returns the key and the backup codes; leaves the browser on the Security page.
    """
    assert ui.heading() == "Turn on two-factor sign-in"
    ui.press("Continue", within="main")
    assert ui.heading() == "Scan the code with your authenticator app"
    secret = ui.page.locator("code.secret").inner_text()
    ui.fill("Code", authenticator_code(secret))
    ui.press("Turn on two-factor sign-in")
    assert ui.heading() == "Your backup codes"
    assert "Two-factor sign-in is now on." in ui.text()
    codes = ui.page.get_by_role("list", name="Backup codes").locator("li").all_inner_texts()
    ui.click_link("I have kept my codes")
    assert ui.heading() == "Security"
    return secret, codes


# Keyboard-only journeys: reach each control with Tab, act with Enter or Space.

FOCUSED_TEXT = (
    "(() => { const e = document.activeElement;"
    " return e ? (e.innerText || e.value || '').trim() : ''; })()"
)
FOCUSED_LABEL = (
    "(() => { const e = document.activeElement;"
    " if (!e || !e.labels || !e.labels.length) return '';"
    " return e.labels[0].innerText.trim(); })()"
)


def _tab_until(ui, script: str, wanted: str, limit: int, *, exact: bool = False) -> None:
    for _ in range(limit):
        ui.page.keyboard.press("Tab")
        focused = ui.page.evaluate(script)
        if focused == wanted if exact else focused.startswith(wanted):
            return
    pytest.fail(f"{wanted!r} was not reached with {limit} presses of Tab")


def tab_to(ui, name: str, *, limit: int = 120, exact: bool = False) -> None:
    """Press Tab until a link or button whose text starts with (or is) `name` has the focus."""
    _tab_until(ui, FOCUSED_TEXT, name, limit, exact=exact)


def tab_to_field(ui, label: str, *, limit: int = 120) -> None:
    """Press Tab until a field whose label starts with `label` has the focus."""
    _tab_until(ui, FOCUSED_LABEL, label, limit)


def follow(ui) -> None:
    """Press Enter on the focused link or button and check the page it opens."""
    with ui.page.expect_navigation(wait_until="load"):
        ui.page.keyboard.press("Enter")
    ui.check_page()
