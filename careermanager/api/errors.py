"""Every error in one shape: RFC 9457 problem details (`application/problem+json`).

    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
     "detail": "Check the values sent.", "errors": {"hours": ["The hours must be more than 0"]}}

`errors` names each field (dotted for nested ones, "" for the request as a whole) with its
messages; it is there for 400 and 422 only.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"


class ProblemDetails(Schema):
    """An error (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = None


# What an operation may answer besides its success, for the schema and the fuzzer.
READ_ERRORS = dict.fromkeys((400, 401, 403, 404, 405, 429), ProblemDetails)
ERRORS = dict.fromkeys((400, 401, 403, 404, 405, 409, 415, 422, 429), ProblemDetails)


class Problem(Exception):
    """Answer with a problem: raise it from anywhere in an operation."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors
        self.headers = headers or {}


class UnsupportedMediaType(Problem):
    def __init__(self, content_type: str):
        super().__init__(
            415,
            f"Send the body as JSON (Content-Type: application/json), not {content_type!r}.",
            headers={"Accept-Post": "application/json"},
        )


def problem_response(
    status: int,
    detail: str = "",
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = ProblemDetails(
        title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors
    )
    response = HttpResponse(
        body.model_dump_json(exclude_none=True), status=status, content_type=PROBLEM_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc) -> str:
    # ninja's locations start with where the value came from ("body", "query", "path"), then
    # the parameter's name for a body; the field is what follows.
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in ("query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts)


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        message = error.get("msg", "Invalid value")
        fields.setdefault(_field(error.get("loc", ())), []).append(message)
    return fields


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("" if field == "__all__" else field): [str(m) for m in DjangoValidationError(msgs)]
            for field, msgs in error.error_dict.items()
        }
    return {"": [str(message) for message in error.messages]}


def install(api) -> None:
    """Answer every error the API can meet with a problem."""

    def handle(exc_class):
        return api.exception_handler(exc_class)

    @handle(Problem)
    def _problem(request: HttpRequest, exc: Problem):
        return problem_response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)

    @handle(NinjaValidationError)
    def _invalid(request: HttpRequest, exc: NinjaValidationError):
        errors = validation_errors(exc.errors)
        in_body = any(str(e.get("loc", ("",))[0]) == "body" for e in exc.errors)
        detail = "Check the values sent." if in_body else "Check the parameters of the request."
        return problem_response(422 if in_body else 400, detail, errors=errors)

    @handle(DjangoValidationError)
    def _rejected(request: HttpRequest, exc: DjangoValidationError):
        return problem_response(422, "Check the values sent.", errors=django_errors(exc))

    @handle(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
        return problem_response(
            401,
            "Send a valid personal access token: Authorization: Bearer cmpat_…",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @handle(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled):
        return problem_response(429, "Too many requests: wait and try again.")

    @handle(HttpError)
    def _http(request: HttpRequest, exc: HttpError):
        return problem_response(exc.status_code, str(exc))

    @handle(Http404)
    def _not_found(request: HttpRequest, exc: Http404):
        return problem_response(404, "There is nothing here, or it is not yours.")

    @handle(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied):
        return problem_response(403, str(exc) or "You may not do this.")

    @handle(Exception)
    def _unexpected(request: HttpRequest, exc: Exception):
        logger.exception("API error", exc_info=exc)
        return problem_response(500, "Something went wrong on our side; it has been logged.")


NO_CONTENT = Status(204, None)
