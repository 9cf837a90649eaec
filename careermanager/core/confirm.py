"""Destructive actions ask first: GET says what will be lost, only the POST does it.

    return confirm_then(
        request,
        template="cpd/folder_delete.html",            # says what will be lost
        context={"folder": folder},
        act=lambda: services.folder_delete(folder=folder, actor=request.user),
        done=lambda kept: f"Deleted; {kept} activities kept.",   # or a plain string
        next_url=reverse("cpd:folder-list"),
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
