"""The member's private calendar feed of due dates and its secret address.

The calendar page turns the feed on, shows its address once, resets it and turns it off. The
new secret travels from the change (a POST) to the page that shows it (the GET after the
redirect) in the member's session, and is removed from it as soon as it is shown.
The feed itself needs no session: the secret in its address is the key.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.confirm import confirm_then
from careermanager.development import feed

# The session key that holds a new secret until the calendar page has shown it.
SHOWN_ONCE_KEY = "development.calendar.new_secret"


def _show_once(request: HttpRequest, raw_token: str) -> None:
    if raw_token:
        request.session[SHOWN_ONCE_KEY] = raw_token


@require_http_methods(["GET", "POST"])
@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Turn the feed on (POST), off (?turn=off: confirm, then POST), or see its state (GET)."""
    calendar_page = reverse("development:calendar")
    if request.GET.get("turn") == "off":
        if not feed.calendar_feed_on(request.user):
            return redirect(calendar_page)
        return confirm_then(
            request,
            template="development/calendar_off.html",
            context={"cancel_url": calendar_page},
            act=lambda: feed.calendar_feed_disable(owner=request.user),
            done="Your calendar feed is turned off. Its address no longer works.",
            next_url=calendar_page,
        )
    if request.method == "POST":
        if request.POST.get("feed") == "on":
            raw_token = feed.calendar_feed_enable(owner=request.user)
            _show_once(request, raw_token)
            if raw_token:
                messages.success(request, "Your calendar feed is on.")
        return redirect(calendar_page)
    raw_token = request.session.pop(SHOWN_ONCE_KEY, "")
    context = {
        "feed_on": bool(raw_token) or feed.calendar_feed_on(request.user),
        "feed_url": feed.feed_url(raw_token) if raw_token else "",
    }
    return render(request, "development/calendar.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """Give the feed a new address: the one calendar apps use now stops working."""
    calendar_page = reverse("development:calendar")
    if not feed.calendar_feed_on(request.user):
        messages.info(request, "Your calendar feed is off, so there is no address to reset.")
        return redirect(calendar_page)

    def reset() -> None:
        _show_once(request, feed.calendar_feed_reset(owner=request.user))

    return confirm_then(
        request,
        template="development/calendar_reset.html",
        context={"cancel_url": calendar_page},
        act=reset,
        done="Your calendar feed has a new address. The old one no longer works.",
        next_url=calendar_page,
    )


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar file for whoever holds the secret address; 404 for any other address."""
    plan = feed.plan_for_token(token)
    if plan is None:
        raise Http404("No calendar feed has this address")
    response = HttpResponse(
        feed.calendar_feed(plan.owner), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="development-plan.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
