# Temporary: names other pages link to, until the pages are written.
from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


urlpatterns: list = [
    path("attest/", _pending, name="guest-application"),
    path("read/", _pending, name="guest-draft"),
]
