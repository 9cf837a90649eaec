from django.urls import path

from careermanager.core import views

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
    path("help/", views.static_page, {"template": "core/help.html"}, name="help"),
]
