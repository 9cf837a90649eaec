"""The installable web app: its manifest and the service worker that keeps one page offline.

Both are served from the site's root rather than under /static/: a service worker controls
only the pages under the folder it is served from, and the page it keeps offline
(cpd:capture) lives under /cpd/. The worker's script is read from our static files and given
what it needs to know (the page it keeps, the files that page loads, a version that changes
whenever any of them does), so a changed file reaches devices as a new worker with a new cache
(decision 0018).
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

WORKER_FILE = "core/service-worker.js"
CONFIG_MARK = "/* served by core.webapp */ {}"
THEME_COLOUR = "#1d4e89"  # --brand in core/app.css
ICONS = (("core/icon-192.png", "192x192"), ("core/icon-512.png", "512x512"))
# What the quick capture page loads, so that it opens without a connection.
SHELL_FILES = (
    "core/app.css",
    "core/app.js",
    "core/webapp.js",
    "core/favicon.svg",
    "core/logo.svg",
    "core/icon-192.png",
    "core/icon-512.png",
    "cpd/cpd.css",
    "cpd/capture.css",
    "cpd/capture.js",
    "django_htmx/htmx-2.min.js",
    "django_htmx/django-htmx.js",
)


def _read(path: str) -> bytes:
    """A static file's content: from the app's folders, else from the collected files."""
    found = finders.find(path)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(path) as file:
        return file.read()


def _worker_script() -> str:
    source = _read(WORKER_FILE)
    digest = hashlib.sha256(source)
    assets = [static(path) for path in SHELL_FILES] + [reverse("core:manifest")]
    for path in SHELL_FILES:
        digest.update(path.encode() + b"\0" + _read(path))
    digest.update(json.dumps(assets).encode())
    config = {
        "version": digest.hexdigest()[:16],
        "shell": reverse("cpd:capture"),
        "assets": assets,
    }
    return source.decode().replace(CONFIG_MARK, json.dumps(config), 1)


# In production the files do not change while the process runs; read them once.
_kept_worker_script = cache(_worker_script)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that it may control the CPD pages."""
    script = _worker_script() if settings.DEBUG else _kept_worker_script()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on each visit; they must ask us, not their cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what a phone needs to install the service as an app."""
    data = {
        "name": settings.SERVICE_NAME,
        "short_name": "Log CPD",
        "description": "Log your CPD in seconds, with or without a connection.",
        "start_url": reverse("cpd:capture"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "lang": "en-GB",
        "icons": [
            *(
                {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": "any"}
                for path, sizes in ICONS
            ),
            {"src": static("core/logo.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response
