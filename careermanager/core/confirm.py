"""Destructive actions ask first: GET says what will be lost, only the POST does it.

    @require_http_methods(["GET", "POST"])
    @login_required
    def activity_delete(request, pk):
        activity = owned_activity(request, pk)
        return confirm_then(
            request,
            template="cpd/activity_delete.html",
            context={"activity": activity},
            act=lambda: services.activity_delete(activity=activity, actor=request.user),
            done=f"“{activity.title}” has been deleted.",
            next_url=reverse("cpd:activity-list"),
        )

The page's form ends with ``{% include "core/includes/confirm_buttons.html" %}`` given
``button`` (what the warning button says) and ``cancel_url``.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def confirm_then(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    act: Callable[[], Any],
    done: str | Callable[[Any], str],
    next_url: str,
) -> HttpResponse:
    """The confirmation page on GET; on POST, ``act()``, a message saying so, and on."""
    if request.method != "POST":
        return render(request, template, context)
    result = act()
    messages.success(request, done(result) if callable(done) else done)
    return redirect(next_url)
