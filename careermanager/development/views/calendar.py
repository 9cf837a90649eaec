"""The member's private calendar feed of due dates and its secret address."""

from django.http import Http404


def calendar_settings(request, **kwargs):
    raise Http404


def calendar_reset(request, **kwargs):
    raise Http404


def calendar_feed(request, **kwargs):
    raise Http404
