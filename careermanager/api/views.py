"""Pages: personal access tokens (make, list, revoke) and the API's interactive docs."""

from pathlib import Path

import ninja
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.api import services
from careermanager.api.errors import problem_response
from careermanager.api.forms import TokenForm
from careermanager.api.models import AccessToken
from careermanager.core import once
from careermanager.core.access import is_staff_member
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted


def _staff_allowed(request: HttpRequest) -> bool:
    """Staff tokens: only for staff who signed in with their second factor in this session."""
    return is_staff_member(request.user) and request.user.is_verified()


@require_safe
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = list(AccessToken.objects.owned_by(request.user))
    return render(
        request,
        "api/token_list.html",
        {
            "usable": [token for token in tokens if token.is_usable],
            "ended": [token for token in tokens if not token.is_usable][:20],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def token_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    staff_allowed = _staff_allowed(request)
    form = TokenForm(posted(request), staff_allowed=staff_allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once.only_once(request) as submission:
                token, text = services.token_create(
                    owner=request.user,
                    name=data["name"],
                    scope=data["scope"],
                    expires_on=data["expires_on"],
                    staff=bool(data.get("staff")),
                    verified=staff_allowed,
                )
                submission.leads_to(reverse("api:token-list"))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Shown this once: only its SHA-256 is kept.
            return render(request, "api/token_created.html", {"token": token, "text": text})
    return render(request, "api/token_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(AccessToken.objects.owned_by(request.user), pk=pk)
    if token.is_revoked:
        messages.info(request, f"“{token.name}” was already revoked.")
        return redirect("api:token-list")
    return confirm_then(
        request,
        template="api/token_revoke.html",
        context={"token": token, "token_list_url": reverse("api:token-list")},
        act=lambda: services.token_revoke(token=token, actor=request.user),
        done=f"“{token.name}” is revoked: it no longer works.",
        next_url=reverse("api:token-list"),
    )


@require_safe
@login_required
def docs(request: HttpRequest) -> HttpResponse:
    """The interactive reference (Swagger UI, from the django-ninja package, not a CDN)."""
    settings = {
        "url": reverse("api:v1:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": True,
    }
    return render(request, "api/docs.html", {"swagger_settings": settings})


# Swagger UI as django-ninja ships it (ninja/static/ninja), served by name: the package is not
# an installed app, so its files are not among the static files.
_NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
}


@require_safe
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in _ASSETS:
        raise Http404("No such file")
    response = FileResponse((_NINJA_STATIC / name).open("rb"), content_type=_ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


@csrf_exempt  # answers every method alike, and changes nothing
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /api/v1/: a problem, not the site's HTML 404 page."""
    return problem_response(404, "No such endpoint: see /api/v1/openapi.json.")
