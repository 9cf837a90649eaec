from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from careermanager.core.context_processors import can_read_outbox
from careermanager.core.help import help_page, help_pages
from careermanager.core.mail import outbox_in_use
from careermanager.core.models import OutboxMessage
from careermanager.core.navigation import dashboard_panels


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard for members; a short introduction for everyone else."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    return render(request, "core/home.html", {"panels": dashboard_panels(request)})


@require_safe
def bare(request: HttpRequest) -> HttpResponse:
    """A minimal signed-in page: the baseline the benchmarks compare real pages with."""
    if not request.user.is_authenticated:
        raise Http404
    return HttpResponse(f"signed in as {request.user.pk}", content_type="text/plain")


@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    if not can_read_outbox(request.user):
        raise Http404
    page = Paginator(OutboxMessage.objects.all(), 25).get_page(request.GET.get("page"))
    return render(request, "core/outbox.html", {"page": page, "outbox_in_use": outbox_in_use()})


@require_safe
def outbox_message(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_outbox(request.user):
        raise Http404
    message = get_object_or_404(OutboxMessage, pk=pk)
    return render(request, "core/outbox_message.html", {"message": message})


@require_safe
def static_page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template)


@require_safe
def help_index(request: HttpRequest) -> HttpResponse:
    """The list of help, one page per area, and the terms members meet."""
    return render(request, "core/help.html", {"pages": help_pages()})


@require_safe
def help_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = help_page(slug)
    if page is None:
        raise Http404
    return render(request, page.template, {"help": page, "pages": help_pages(), **_help_facts()})


def _help_facts() -> dict:
    """The service's own limits, so the help states what applies here."""
    return {
        "guest_ticket_days": settings.GUEST_TICKET_DAYS,
        "document_days": settings.DOCUMENT_DAYS,
        "login_failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain an expired or missing form token in plain words."""
    return render(request, "403_csrf.html", status=403)
