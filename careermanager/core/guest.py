"""The guest's way in: the emailed link, its confirmation, and leaving.

GET on the link shows who is asking, in what role and for what, and changes nothing (mail
scanners follow links). POST opens a guest session scoped to the ticket's one object and
sends the guest to the owning app's landing page. The owning app's guest pages use
`guest_page` to read their object from that session, never from the URL.
"""

from collections.abc import Callable
from functools import wraps

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from careermanager.core import pagecache, tickets
from careermanager.core.models import GuestTicket

# Guests' pages are never cached or indexed. The link carries the token in its path, so no
# page a guest sees may pass its address on: "strict-origin" sends the origin alone, and
# keeps the Origin header of the form's POST that the CSRF check reads ("no-referrer" would
# turn it into "null").
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "strict-origin",
}


def private(response: HttpResponse) -> HttpResponse:
    """Mark a guest response as not to be cached, indexed or sent on as a referrer."""
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    return private(render(request, template, context, status=status))


def _refuse(request: HttpRequest, ticket: GuestTicket | None, noun: str = "") -> HttpResponse:
    """Explain why a link does not work: 404 for an unknown one, 410 for an ended one."""
    status = 404 if ticket is None else 410
    return _render(request, "core/guest/invalid.html", {"ticket": ticket, "noun": noun}, status)


def no_session(request: HttpRequest, noun: str = "") -> HttpResponse:
    """The 404 page of a guest page reached without a guest session for its object."""
    return _render(request, "core/guest/no_session.html", {"noun": noun}, status=404)


@require_http_methods(["GET", "POST"])
def guest_start(request: HttpRequest, token: str) -> HttpResponse:
    ticket = tickets.ticket_lookup(token)
    handler = tickets.target_handler(ticket) if ticket is not None else None
    if ticket is None or handler is None:
        return _refuse(request, None)
    if not ticket.is_valid:
        if request.method == "POST":
            tickets.ticket_refused(ticket=ticket, reason=ticket.status)
        return _refuse(request, ticket, handler.noun)
    opened = tickets.ticket_target(ticket)
    if opened is None:
        return _refuse(request, None)
    _, target = opened
    if request.method == "POST":
        try:
            tickets.guest_session_open(request, ticket)
        except ValueError:  # revoked or expired since it was looked up
            ticket.refresh_from_db()
            tickets.ticket_refused(ticket=ticket, reason=ticket.status)
            return _refuse(request, ticket, handler.noun)
        return private(redirect(handler.landing_url(target)))
    return _render(
        request,
        "core/guest/start.html",
        {
            "ticket": ticket,
            "member": handler.member(target),
            "heading": handler.heading(target),
            "description": handler.describe(target),
            "details": handler.details(target),
            "button": handler.button,
        },
    )


@require_POST
def guest_leave(request: HttpRequest) -> HttpResponse:
    ticket = tickets.guest_session_ticket(request)
    handler = tickets.target_handler(ticket) if ticket is not None else None
    tickets.guest_session_close(request)
    return _render(request, "core/guest/left.html", {"noun": handler.noun if handler else ""})


def _kept_page_key(request: HttpRequest, model: type[models.Model]) -> str | None:
    """The key of the guest's page: valid while the global data version and that of the
    member who issued the link (whose object it opens) are unchanged."""
    ticket_id = request.session.get(tickets.SESSION_KEY)
    if not isinstance(ticket_id, int) or not pagecache.may_keep(request):
        return None  # no query for the number when nothing would be kept
    return pagecache.page_key(
        request,
        f"guest:{ticket_id}:{model._meta.label_lower}",
        pagecache.ticket_member_version(ticket_id),
    )


def guest_page[M: models.Model](
    target: type[M] | models.QuerySet[M],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve a guest page for the object this browser's guest session opens.

    `target` is the model, or a queryset of it selecting what the page needs; the view is
    called as `view(request, ticket, obj, *args, **kwargs)`. Without a valid session for
    an object of this kind the guest gets a 404 page saying how to open the link; every
    response is marked private.
    """
    model = target if isinstance(target, type) else target.model

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # The page kept for this session's ticket (core.pagecache), while the ticket has
            # not expired: revoking it, or any change to it or to what it opens, is a change
            # to the data, after which the page is made (and the ticket checked) afresh.
            key = _kept_page_key(request, model)
            if key is not None and (kept := pagecache.kept_page(request, key)) is not None:
                return private(kept)
            # The handler is looked up per request: the registry is read once apps are ready.
            handler = tickets.handler_for_model(model)
            if isinstance(target, models.QuerySet):
                queryset = target
            elif handler is not None:
                queryset = handler.queryset()
            else:
                queryset = model._default_manager.all()
            opened = tickets.guest_session_target(request, queryset)
            if opened is None:
                return no_session(request, handler.noun if handler else "")
            ticket, obj = opened
            response = view(request, ticket, obj, *args, **kwargs)
            # Kept on the number of the member who issued the link: only while it is their
            # own object (a link staff issued for a member's object is made afresh each time).
            member = handler.member(obj) if handler is not None else None
            if key is not None and getattr(member, "pk", None) == ticket.created_by_id:
                pagecache.keep_page(request, key, response, valid_until=ticket.expires_at)
            return private(response)

        return wrapper

    return decorator
