"""Development history and the CPD planning report as PDF and Word."""

from django.http import Http404


def history_download(request, **kwargs):
    raise Http404


def planning_report(request, **kwargs):
    raise Http404
