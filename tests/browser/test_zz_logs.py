"""After the browser run: the logs hold no email address, link token or password.

Named to be collected last in this folder, so it reads what every browser test before it
made the service log (captured by the `written_logs` fixture in conftest.py).
"""

import re

import pytest

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_the_logs_hold_no_personal_data(written_logs):
    if not written_logs.lines:
        pytest.skip("No browser test ran before this one, so nothing was logged to check.")
    text = "\n".join(written_logs.lines)

    addresses = sorted(set(EMAIL.findall(text)) | {e for e in written_logs.emails if e in text})
    tokens = sorted(token for token in written_logs.tokens if token in text)
    passwords = sorted(p for p in written_logs.known_passwords() if p in text)

    assert not addresses, f"Email addresses in the logs: {addresses}"
    assert not tokens, f"Tokens from emailed links in the logs: {tokens}"
    assert not passwords, f"Passwords in the logs: {len(passwords)}"
