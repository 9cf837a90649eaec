"""Pictures of the service for the README, taken from the running app with the demo data."""

import io
import struct
from pathlib import Path

import pytest
from django.core.management import call_command

from careermanager.core.management.commands.demo import DEMO_PASSWORD, MEMBER_EMAIL

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_dashboard_screenshot(ui):
    call_command("demo", "--force", stdout=io.StringIO())
    ui.page.set_viewport_size({"width": 1280, "height": 900})
    ui.log_in(MEMBER_EMAIL, DEMO_PASSWORD)
    assert ui.heading() == "Hello, Ada Okonkwo-Reyes"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "dashboard.png"
    ui.page.screenshot(path=target, full_page=True, animations="disabled", caret="hide")
    width, height = png_size(target)
    assert width == 1280
    assert height >= 600
