# Temporary: names other pages link to, until the pages are written.
from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


urlpatterns: list = [
    path("application/<int:pk>/documents/", _pending, name="application-documents"),
    path("application/<int:pk>/download/", _pending, name="application-download"),
    path("application/<int:pk>/share/", _pending, name="application-share"),
    path("application/<int:pk>/pdf/", _pending, name="application-pdf"),
]
