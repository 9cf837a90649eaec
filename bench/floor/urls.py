"""The floor's one page: who is signed in, in plain text."""

from django.http import Http404, HttpResponse
from django.urls import path


def signed_in(request):
    if not request.user.is_authenticated:
        raise Http404
    return HttpResponse(f"signed in as {request.user.pk}", content_type="text/plain")


urlpatterns = [path("", signed_in)]
