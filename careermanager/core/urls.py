from django.urls import path

from careermanager.core import guest, health, views, webapp

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("bare/", views.bare, name="bare"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/", views.outbox_message, name="outbox-message"),
    path(
        "accessibility/",
        views.static_page,
        {"template": "core/accessibility.html"},
        name="accessibility",
    ),
    path("privacy/", views.static_page, {"template": "core/privacy.html"}, name="privacy"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:slug>/", views.help_detail, name="help-page"),
    # A guest's emailed link (core/tickets.py); "leave" first, as it matches the token too.
    path("guest/leave/", guest.guest_leave, name="guest-leave"),
    path("guest/<str:token>/", guest.guest_start, name="guest-start"),
    # Answered by core.health.HealthCheckMiddleware before any other middleware; the
    # patterns name the addresses and serve them should that middleware be left out.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    # At the root, so that the worker may control every page under it (core/webapp.py).
    path("service-worker.js", webapp.service_worker, name="service-worker"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
]
