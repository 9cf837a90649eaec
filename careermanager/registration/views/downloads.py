# Temporary: the names the checklist links to, until the pages are written.
from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


urlpatterns: list = [
    path("application/<int:pk>/documents/", _pending, name="application-documents"),
]
