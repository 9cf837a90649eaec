import copy
import json

import jsonschema
import pytest
from django.urls import reverse

from careermanager.portability.jsonresume import build_resume
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SCHEMA_FILE = "careermanager/portability/data/jsonresume-schema.json"


def strict(schema):
    """The official schema with no property it does not define, so a misspelt key fails."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@pytest.fixture(scope="module")
def schema():
    with open(SCHEMA_FILE, encoding="utf-8") as file:
        return json.load(file)


def _validate(resume, schema):
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    jsonschema.validate(resume, schema, cls=jsonschema.Draft7Validator, format_checker=checker)
    jsonschema.validate(
        resume, strict(schema), cls=jsonschema.Draft7Validator, format_checker=checker
    )


def test_the_demo_members_cv_is_a_valid_json_resume(demo_member, schema):
    resume = build_resume(demo_member)
    _validate(resume, schema)
    assert resume["basics"]["name"]
    for section in ("work", "education", "certificates", "skills"):
        assert resume[section], f"{section} is empty"
    assert all(item["startDate"] for item in resume["work"])
    assert {skill["level"] for skill in resume["skills"]} <= {
        "Trainee",
        "Supervised Practitioner",
        "Practitioner",
        "Expert",
    }


def test_an_empty_profile_is_still_a_valid_json_resume(owner, schema):
    resume = build_resume(owner)
    _validate(resume, schema)
    assert resume["basics"] == {"name": "Olive Owner", "email": "owner@example.org"}
    assert resume["work"] == []


def test_the_download_is_json_resume(demo_member):
    response = signed_in_client(demo_member).get(reverse("portability:json-resume"))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["basics"]["name"]
