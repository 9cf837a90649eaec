"""The API's pages and endpoints, requested with each role's browser session.

Endpoints answer 401 without a token or session, a problem rather than a log-in page. The
staff lists are for staff signed in with two-factor (and staff tokens, tests/api/test_tokens.py).
"""

import importlib

from tests.matrix import (
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    Case,
    everyone,
    members_only,
    owner_only,
)

API_LIST = everyone(OK, anonymous=UNAUTHORIZED)
API_OWNED = everyone(NOT_FOUND, anonymous=UNAUTHORIZED, owner=OK)
API_STAFF = everyone(FORBIDDEN, anonymous=UNAUTHORIZED, staff=OK, admin=OK)


def _token(owner) -> dict:
    from tests.api.conftest import make_token

    make_token(owner)
    return {"pk": owner.access_tokens.get().pk}


def _record(factory_path: str):
    def kwargs(owner) -> dict:
        module, _, name = factory_path.rpartition(".")
        factory = getattr(importlib.import_module(module), name)
        return {"record_id": factory(owner=owner).pk}

    return kwargs


def _activity(owner) -> dict:
    from tests.cpd.factories import ActivityFactory

    return {"activity_id": ActivityFactory(owner=owner).pk}


def _folder(owner) -> dict:
    from tests.cpd.factories import FolderFactory

    return {"folder_id": FolderFactory(owner=owner).pk}


def _objective(owner) -> dict:
    from tests.development.factories import ObjectiveFactory

    return {"objective_id": ObjectiveFactory(owner=owner).pk}


def _action(owner) -> dict:
    from tests.development.factories import ActionFactory, ObjectiveFactory

    return {"action_id": ActionFactory(objective=ObjectiveFactory(owner=owner)).pk}


def _job(owner) -> dict:
    from tests.reports.factories import DocumentJobFactory

    return {"job_id": DocumentJobFactory(owner=owner, ready=True).pk}


def _personal(owner) -> dict:
    from tests.profiles.factories import PersonalDetailsFactory

    PersonalDetailsFactory(owner=owner)
    return {}


PROFILE = {
    "employment": "tests.profiles.factories.EmploymentFactory",
    "education": "tests.profiles.factories.EducationFactory",
    "schemes": "tests.profiles.factories.DevelopmentSchemeFactory",
    "training": "tests.profiles.factories.TrainingFactory",
    "achievements": "tests.profiles.factories.AchievementFactory",
}

CASES = [
    Case("api:token-list", members_only()),
    Case("api:token-new", members_only()),
    Case("api:token-revoke", owner_only(), kwargs=_token),
    Case("api:docs", members_only()),
    Case("api:docs-asset", everyone(OK), kwargs=lambda owner: {"name": "swagger-ui.css"}),
    Case("api:not-found", everyone(NOT_FOUND), kwargs=lambda owner: {"rest": "nothing-here"}),
    Case("api:v1:openapi-json", everyone(OK), note="the schema is public, as the code is"),
    Case("api:v1:api-root", everyone(NOT_FOUND)),
    Case("api:v1:me", API_LIST),
    *(
        Case(f"api:v1:profile-{area}{suffix}", API_LIST)
        for area in PROFILE
        for suffix in ("-list", "-create")
    ),
    *(
        Case(f"api:v1:profile-{area}{suffix}", API_OWNED, kwargs=_record(factory))
        for area, factory in PROFILE.items()
        for suffix in ("", "-update", "-delete")
    ),
    Case(
        "api:v1:profile-personal",
        everyone(NOT_FOUND, anonymous=UNAUTHORIZED, owner=OK),
        kwargs=_personal,
        note="one's own details; nobody else has saved any",
    ),
    Case(
        "api:v1:profile-personal-update",
        everyone(NOT_FOUND, anonymous=UNAUTHORIZED, owner=OK),
        kwargs=_personal,
    ),
    Case("api:v1:cpd-activity-list", API_LIST),
    Case("api:v1:cpd-activity-create", API_LIST),
    *(
        Case(f"api:v1:cpd-activity{suffix}", API_OWNED, kwargs=_activity)
        for suffix in ("", "-update", "-delete")
    ),
    Case("api:v1:cpd-folder-list", API_LIST),
    Case("api:v1:cpd-folder-create", API_LIST),
    *(
        Case(f"api:v1:cpd-folder{suffix}", API_OWNED, kwargs=_folder)
        for suffix in ("", "-update", "-delete")
    ),
    Case("api:v1:development-objective-list", API_LIST),
    Case("api:v1:development-objective-create", API_LIST),
    *(
        Case(f"api:v1:development-objective{suffix}", API_OWNED, kwargs=_objective)
        for suffix in ("", "-update", "-delete")
    ),
    Case("api:v1:development-action-create", everyone(NOT_ALLOWED), kwargs=_objective),
    *(
        Case(f"api:v1:development-action{suffix}", API_OWNED, kwargs=_action)
        for suffix in ("", "-update", "-delete")
    ),
    *(
        Case(f"api:v1:{name}", API_LIST)
        for name in (
            "assessment-list",
            "job-profile-list",
            "declaration-list",
            "application-list",
            "intention-list",
            "supporter-list",
            "document-request",
            "document-list",
        )
    ),
    Case("api:v1:document", API_OWNED, kwargs=_job),
    Case("api:v1:document-file", API_OWNED, kwargs=_job),
    Case("api:v1:staff-declaration-list", API_STAFF),
    Case("api:v1:staff-application-list", API_STAFF),
    Case("api:v1:staff-monitoring-list", API_STAFF),
]
