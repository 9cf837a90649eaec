"""The interactive reference: Swagger UI from our own files, inside the strict CSP."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import signed_in_client

CHROMIUM = Path(os.environ.get("CAREERMANAGER_CHROMIUM", "/usr/bin/chromium"))


@pytest.mark.django_db
def test_the_served_schema_is_openapi_3_1_without_repeated_keys():
    def no_repeats(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"repeated keys: {keys}"
        return dict(pairs)

    schema = json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=no_repeats)
    assert schema["openapi"].startswith("3.1")
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_docs_page_uses_no_other_site(owner_client):
    page = owner_client.get("/api/v1/docs/").text
    assert "cdn" not in page.lower()
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_draws_every_operation_without_a_csp_complaint(live_server, owner):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    cookie = signed_in_client(owner).cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page = context.new_page()
        complaints = []
        page.on("console", lambda message: complaints.append(message.text))
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".opblock", timeout=30000)
        assert page.locator(".opblock").count() >= 60
        browser.close()
    assert not complaints
