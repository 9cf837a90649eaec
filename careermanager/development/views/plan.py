"""The plan, the review page, the development history and planning settings."""

from django.http import Http404


def index(request, **kwargs):
    raise Http404


def review(request, **kwargs):
    raise Http404


def history(request, **kwargs):
    raise Http404


def settings(request, **kwargs):
    raise Http404
