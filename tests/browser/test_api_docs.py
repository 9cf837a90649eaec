"""The API's interactive reference draws every operation in Chromium, inside our CSP.

Swagger UI is django-ninja's own page, not ours, so it is not held to axe here; what this
proves is that its files come from our server and run without a CSP complaint.
"""

from django.conf import settings

from tests.conftest import signed_in_client


def test_swagger_ui_draws_every_operation_without_a_csp_complaint(
    chromium, live_server, django_db_serialized_rollback, owner
):
    cookie = signed_in_client(owner).cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context()
    try:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page = context.new_page()
        complaints = []
        page.on("console", lambda message: complaints.append(message.text))
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".opblock", timeout=30000)
        assert page.locator(".opblock").count() >= 60
    finally:
        context.close()
    assert not complaints
