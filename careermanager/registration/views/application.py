# Temporary: the names the checklist links to, until the pages are written.
from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


urlpatterns: list = [
    path("application/<int:pk>/", _pending, name="application"),
    path("application/<int:pk>/category/", _pending, name="application-category"),
    path("application/<int:pk>/employment/", _pending, name="application-roles"),
    path("application/<int:pk>/advisor/", _pending, name="application-advisor"),
    path("application/<int:pk>/statements/", _pending, name="application-statements"),
    path("application/<int:pk>/panelling/", _pending, name="application-panelling"),
]
