"""The interactive reference: Swagger UI from our own files, inside the strict CSP.

The browser test of the page is tests/browser/test_api_docs.py.
"""

import json

import pytest
from django.test import Client


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
