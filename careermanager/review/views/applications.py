"""Staff's inbox of registration: sent applications and intentions, one application, and the
actions on it (confirm receipt, comment, record the outcome).

Registration is read through its plug-in (``review.registration_source.inbox``); every change
goes through its services. A change the application's state no longer allows (receipt
confirmed twice) comes back as a ``ValidationError`` with ``code="state"`` and is shown as a
message at the top of the application's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from careermanager.core.access import staff_required
from careermanager.core.audit import audit
from careermanager.core.forms import apply_errors
from careermanager.reports.responses import download_file
from careermanager.review.application_forms import (
    CommentForm,
    DecideForm,
    InboxFilterForm,
    ReceiveForm,
)
from careermanager.review.registration_source import inbox

PER_PAGE = 50


def _label(choices, value: str) -> str:
    return dict(choices).get(value, "")


@require_safe
@staff_required
def applications(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    category, status = form.value("category"), form.value("status")
    source = inbox()
    counts = source.application_counts(category=category)
    paginator = Paginator(source.applications(category=category, status=status), PER_PAGE)
    paginator.count = counts[status]  # counted already, with the filters
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "tab": "applications",
        "form": form,
        "page": page,
        "category": category,
        "category_label": _label(source.categories, category),
        "status": status,
        "status_label": _label(source.statuses, status),
        "filters": [(value, label, counts[value]) for value, label in source.statuses],
        "total": counts[""],
        "working_days": source.receipt_working_days,
    }
    return render(request, "review/applications/inbox.html", context)


@require_safe
@staff_required
def intentions(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None, statuses=False)
    category = form.value("category")
    source = inbox()
    paginator = Paginator(source.intentions(category=category), PER_PAGE)
    paginator.count = source.intention_count(category=category)
    page = paginator.get_page(request.GET.get("page"))
    rows = [(intention, source.intention_url(intention.pk)) for intention in page]
    context = {
        "tab": "intentions",
        "form": form,
        "page": page,
        "rows": rows,
        "category": category,
        "category_label": _label(source.categories, category),
    }
    return render(request, "review/applications/intentions.html", context)


def _page(request: HttpRequest, pk: int, **forms) -> HttpResponse:
    shown = inbox().application(pk)
    if shown is None:
        raise Http404("No sent application with this number")
    failed = next((form for form in forms.values() if form.errors), None)
    context = {
        "shown": shown,
        "application": shown.application,
        "member": shown.application.owner,
        "send_separately": inbox().send_separately,
        "working_days": inbox().receipt_working_days,
        "receive_form": forms.get("receive_form") or ReceiveForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "decide_form": forms.get("decide_form") or DecideForm(),
        "form": failed,
    }
    return render(request, "review/applications/application.html", context)


@require_safe
@staff_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


def _act(request: HttpRequest, pk: int, form, name: str, act, done) -> HttpResponse:
    """Validate the form, act through the inbox, and say what happened."""
    if form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "state":
                messages.error(request, " ".join(error.messages))
                return redirect("review:application", pk=pk)
            apply_errors(form, error)
        else:
            messages.success(request, done(result))
            return redirect("review:application", pk=pk)
    return _page(request, pk, **{name: form})


@require_POST
@staff_required
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReceiveForm(request.POST),
        "receive_form",
        lambda data: inbox().receive(pk, actor=request.user, comment=data["comment"]),
        lambda row: (
            f"Receipt confirmed. {row.owner.display_name} has been emailed, with the list of "
            "what to send separately."
        ),
    )


@require_POST
@staff_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CommentForm(request.POST),
        "comment_form",
        lambda data: inbox().comment(pk, actor=request.user, text=data["text"]),
        lambda event: "Your comment has been added to the member's timeline.",
    )


@require_POST
@staff_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DecideForm(request.POST),
        "decide_form",
        lambda data: inbox().decide(
            pk, actor=request.user, outcome=data["outcome"], note=data["note"]
        ),
        lambda row: f"Outcome recorded: {row.get_outcome_display()}.",
    )


@require_safe
@staff_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pdf = inbox().pdf(pk)
    if pdf is None:
        raise Http404("This application has no PDF yet")
    audit(
        "review.application_pdf.downloaded",
        actor=request.user,
        target=pdf.instance,
    )
    return download_file(
        pdf,
        filename=f"registration-application-{pk}.pdf",
        content_type="application/pdf",
    )
