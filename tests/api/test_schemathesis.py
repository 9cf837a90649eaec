"""The API against its own schema: generated requests for every operation, in process.

Schemathesis reads the OpenAPI schema the API serves and sends at least 100 generated
requests to each operation, as a member with a read-and-write token and some records. No
answer may be a server error, and every answer must match the schema: its status code, its
content type and its body.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi import checks

from careermanager.api.api import api
from tests.api.conftest import make_token
from tests.cpd.factories import ActivityFactory, FolderFactory
from tests.development.factories import ActionFactory, ObjectiveFactory
from tests.profiles.factories import TrainingFactory

CONFIG = SchemathesisConfig.from_dict(
    {
        # The coverage phase's boundary values cost more to build than the requests they
        # send; generated cases (valid and invalid) reach the same code.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": 100},  # valid and invalid requests alike
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=CONFIG
)
schema.app = get_wsgi_application()

CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture
def member_token(owner) -> str:
    """A member with a few records of each kind, and a token that may change them."""
    folder = FolderFactory(owner=owner)
    for _ in range(3):
        ActivityFactory(owner=owner, folder=folder)
    TrainingFactory(owner=owner)
    objective = ObjectiveFactory(owner=owner)
    ActionFactory(objective=objective)
    return make_token(owner)


@pytest.fixture
def _connection_kept():
    """Keep the test's connection open across requests, as Django's test client does.

    Schemathesis calls Django's WSGI handler itself, whose end-of-request signal would close
    a connection that is inside the test's transaction (PostgreSQL; SQLite's in-memory test
    database ignores it).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def sent():
    """The requests one operation was sent: at least 100, unless it takes no input at all."""
    cases = []
    yield cases
    operation = cases[0].operation if cases else None
    takes_input = operation is not None and (
        operation.body or any(True for _ in operation.iter_parameters())
    )
    assert len(cases) >= (100 if takes_input else 1), f"only {len(cases)} cases"


@pytest.mark.django_db
@pytest.mark.usefixtures("_connection_kept")
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation(case, member_token, sent, settings):
    settings.API_RATE_LIMIT = 1_000_000
    sent.append(case)
    # On the case itself, so that the ignored_auth check can take it away and try again.
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {member_token}"}
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=CHECKS)
