"""Objectives and their actions: create, read, change, change status, delete."""

from django.http import Http404


def objective_new(request, **kwargs):
    raise Http404


def objective_detail(request, **kwargs):
    raise Http404


def objective_edit(request, **kwargs):
    raise Http404


def objective_status(request, **kwargs):
    raise Http404


def objective_delete(request, **kwargs):
    raise Http404


def action_new(request, **kwargs):
    raise Http404


def action_edit(request, **kwargs):
    raise Http404


def action_status(request, **kwargs):
    raise Http404


def action_delete(request, **kwargs):
    raise Http404
