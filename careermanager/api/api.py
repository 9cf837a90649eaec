"""The REST API, version 1: django-ninja with our authentication, errors and pagination."""

import json
from functools import wraps

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.params.models import BodyModel

from careermanager.api import errors
from careermanager.api.auth import SessionAuth, TokenAuth
from careermanager.api.errors import problem_response
from careermanager.api.routers import cpd, development, documents, me, profile, records, staff

DESCRIPTION = """\
Your Career Manager records over HTTP: profile, CPD, development plan, and what you have
submitted. Authenticate with a personal access token (`Authorization: Bearer cmpat_…`), made on
your account's security page, or with your browser's session (send `X-CSRFToken` with changes).

Every list is paginated by cursor: follow `next` until it is null. Every error is a problem
(RFC 9457, `application/problem+json`). Creating requests accept an `Idempotency-Key` header.
"""


def is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def json_bodies_only(run):
    """A body that is not JSON is a 415, and one that is not a JSON object a 422."""
    operation = getattr(run, "__self__", None)
    takes_body = operation is not None and any(
        issubclass(model, BodyModel) for model in operation.models
    )

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if takes_body and request.body:
            if not is_json(request.headers.get("Content-Type", "")):
                return errors.problem_response(
                    415,
                    "Send the body as JSON (Content-Type: application/json).",
                    headers={"Accept-Post": "application/json"},
                )
            try:
                body = json.loads(request.body)
            except ValueError:
                return errors.problem_response(400, "The body is not valid JSON.")
            if not isinstance(body, dict):
                return errors.problem_response(
                    422, "Send a JSON object.", errors={"": ["Expected an object"]}
                )
        return run(request, *args, **kwargs)

    return wrapper


class CareerManagerAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The schema, with errors described as the problems (RFC 9457) they are."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[errors.PROBLEM_TYPE] = content.pop("application/json")
        return schema


api = CareerManagerAPI(
    title="Career Manager API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    auth=[TokenAuth(), SessionAuth()],
    docs_url=None,  # served by api.views.docs, from our own static files, signed in only
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_decorator(json_bodies_only, mode="view")
api.add_router("/me", me.router)
api.add_router("/profile", profile.router)
api.add_router("/cpd", cpd.router)
api.add_router("/development", development.router)
api.add_router("/records", records.router)
api.add_router("/documents", documents.router)
api.add_router("/staff", staff.router)


def finished(view):
    """Every answer a problem when it is an error, and kept by no cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response["Content-Type"].startswith(
            errors.PROBLEM_TYPE
        ):
            allowed = response.get("Allow", "")
            response = problem_response(
                405, f"This address answers {allowed}.", headers={"Allow": allowed}
            )
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    return wrapper
