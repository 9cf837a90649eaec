"""The production smoke run's helpers: its browser's forms and cookies, and its checks."""

import pytest

from bench.prod_check.client import (
    Browser,
    JourneyError,
    fill,
    find_form,
    multipart,
    parse_forms,
)
from bench.prod_check.stack import database_url, files_outside, left_behind

PAGE = """
<form method="post" action="/accounts/logout/">
  <input type="hidden" name="csrfmiddlewaretoken" value="logout-token">
</form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <input type="hidden" name="once" value="abc">
  <input type="text" name="title" value="">
  <input type="radio" name="type" value="training">
  <input type="radio" name="type" value="event" checked>
  <input type="checkbox" name="reflect">
  <input type="text" name="locked" value="x" disabled>
  <input type="file" name="upload">
  <select name="folder"><option value="">No folder</option><option value="7">2026</option></select>
  <select name="year">
    <option value="2025">2025</option><option value="2026" selected>2026</option>
  </select>
  <textarea name="description">Line one &lt;b&gt;</textarea>
  <button type="submit" name="save">Save</button>
</form>
"""


def test_a_form_sends_what_a_browser_would():
    form = find_form(PAGE, having="title")

    assert form.method == "post"
    assert form.action == ""
    assert dict(form.fields) == {
        "csrfmiddlewaretoken": "tok&en",
        "once": "abc",
        "title": "",
        "type": "event",
        "folder": "",
        "year": "2026",
        "description": "Line one <b>",
    }
    assert form.choices == {"type": ["training", "event"], "reflect": ["on"]}
    assert form.file_inputs == ["upload"]


def test_a_form_is_found_by_its_field_and_action():
    assert len(parse_forms(PAGE)) == 2
    assert dict(find_form(PAGE, having="csrfmiddlewaretoken").fields) == {
        "csrfmiddlewaretoken": "logout-token"
    }
    own = find_form(PAGE, having="csrfmiddlewaretoken", action="")
    assert ("once", "abc") in own.fields
    with pytest.raises(JourneyError, match="no form posting to '/elsewhere/'"):
        find_form(PAGE, having="title", action="/elsewhere/")


def test_filling_keeps_tokens_and_replaces_values():
    form = find_form(PAGE, having="title")

    sent = dict(fill(form, {"title": "Lecture", "type": "training"}))

    assert sent["title"] == "Lecture"
    assert sent["type"] == "training"
    assert sent["csrfmiddlewaretoken"] == "tok&en"
    with pytest.raises(JourneyError, match="offers"):
        fill(form, {"type": "party"})


def test_the_browser_keeps_host_cookies_and_forgets_deleted_ones():
    browser = Browser(site_url="https://careers.example.test/", servers={})

    browser._store_cookies(
        [
            ("Set-Cookie", "__Host-sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"),
            ("Set-Cookie", "__Host-csrftoken=def; Path=/; Secure"),
            ("Content-Type", "text/html"),
        ]
    )
    assert browser.cookies == {"__Host-sessionid": "abc", "__Host-csrftoken": "def"}

    browser._store_cookies(
        [("Set-Cookie", '__Host-sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0')]
    )
    assert browser.cookies == {"__Host-csrftoken": "def"}


def test_only_links_on_the_site_are_followed():
    browser = Browser(site_url="https://careers.example.test", servers={})

    assert browser.local_path("https://careers.example.test/accounts/login/") == "/accounts/login/"
    assert browser.local_path("/cpd/") == "/cpd/"
    with pytest.raises(JourneyError):
        browser.local_path("https://elsewhere.example.test/accounts/login/")


def test_the_check_database_sits_beside_the_given_one():
    assert (
        database_url("postgres://postgres@127.0.0.1:5432/postgres", "prodcheck_1")
        == "postgres://postgres@127.0.0.1:5432/prodcheck_1"
    )


def test_files_a_process_wrote_outside_the_release_are_found(tmp_path):
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "site.css").write_text("")
    assert files_outside(tmp_path, ("static",)) == []

    (tmp_path / "media" / "supporting").mkdir(parents=True)
    (tmp_path / "media" / "supporting" / "cv.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret_key").write_text("x")

    assert files_outside(tmp_path, ("static",)) == ["media/supporting/cv.pdf", "secret_key"]


def test_a_form_with_a_file_is_sent_as_multipart():
    body, content_type = multipart(
        [("csrfmiddlewaretoken", "tok")], [("upload", "cv.pdf", "application/pdf", b"%PDF-1.7")]
    )

    boundary = content_type.removeprefix("multipart/form-data; boundary=")
    assert boundary != content_type
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert body.endswith(f"--{boundary}--\r\n".encode())
    assert b'name="csrfmiddlewaretoken"\r\n\r\ntok\r\n' in body
    assert (
        b'name="upload"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n'
        in body
    )


def test_only_databases_of_runs_that_are_gone_are_dropped():
    import os
    import subprocess
    import sys

    assert not left_behind(f"prodcheck_{os.getpid()}")
    assert not left_behind("prodcheck_careers")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert left_behind(f"prodcheck_{gone.pid}")
