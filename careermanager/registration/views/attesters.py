# Temporary: names other pages link to, until the pages are written.
from django.http import Http404
from django.urls import path


def _pending(request, **kwargs):
    raise Http404


urlpatterns: list = [
    path("application/<int:pk>/lock/", _pending, name="application-lock"),
    path("application/<int:pk>/unlock/", _pending, name="application-unlock"),
    path("application/<int:pk>/attesters/", _pending, name="application-attesters"),
    path("application/<int:pk>/submit/", _pending, name="application-submit"),
    path("application/<int:pk>/timeline/", _pending, name="application-timeline"),
]
