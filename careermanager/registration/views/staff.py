"""Staff pages: the intentions members have submitted, and the lists the institution keeps
(approved schemes, sectors, specialisms).

Submitted applications are read by staff in the review app's inbox (registration/inbox.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core.access import staff_required
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted
from careermanager.registration import list_entries
from careermanager.registration.forms import StaffFilterForm
from careermanager.registration.models import Intention, ListEntry, ListKind, RegistrationCategory
from careermanager.registration.staff_forms import ListEntryForm
from careermanager.registration.views.common import sent_context

PER_PAGE = 25


@require_safe
@staff_required
def intention_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    submitted = Intention.objects.submitted()
    counts = dict(
        submitted.order_by().values("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    shown = submitted.select_related("owner").order_by("-submitted_at", "-pk")
    if category:
        shown = shown.filter(category=category)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "category": category,
        "counts": [
            (label, value, counts.get(value, 0)) for value, label in RegistrationCategory.choices
        ],
        "total": sum(counts.values()),
    }
    return render(request, "registration/staff/intention_list.html", context)


@require_safe
@staff_required
def intention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intention = get_object_or_404(Intention.objects.submitted().select_related("owner"), pk=pk)
    context = sent_context(intention, who=intention.owner.display_name)
    return render(request, "registration/staff/intention_detail.html", context)


# The institution's lists: approved schemes, sectors and specialisms ------------------------


LIST_TITLES = {
    ListKind.SCHEME: "Approved schemes for the streamlined route",
    ListKind.SECTOR: "Sectors",
    ListKind.SPECIALISM: "Specialisms",
}


def _kind_or_404(kind: str) -> ListKind:
    if kind not in ListKind.values:
        raise Http404("No such list")
    return ListKind(kind)


@require_safe
@staff_required
def lists(request: HttpRequest) -> HttpResponse:
    entries = list(ListEntry.objects.order_by("kind", "order", "name", "pk"))
    sections = [
        (kind, LIST_TITLES[kind], [entry for entry in entries if entry.kind == kind.value])
        for kind in ListKind
    ]
    return render(request, "registration/staff/lists.html", {"sections": sections})


@require_http_methods(["GET", "POST"])
@staff_required
def list_entry_add(request: HttpRequest, kind: str) -> HttpResponse:
    list_kind = _kind_or_404(kind)
    form = ListEntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            entry = list_entries.entry_add(
                kind=list_kind,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{entry.name}” has been added to the list.")
            return redirect(reverse("registration:staff-lists") + f"#list-{list_kind.value}")
    context = {"form": form, "kind": list_kind, "title": LIST_TITLES[list_kind], "entry": None}
    return render(request, "registration/staff/list_entry_form.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def list_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ListEntry, pk=pk)
    form = ListEntryForm(
        posted(request), initial={"name": entry.name, "order": entry.order}, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = list_entries.entry_update(
                entry=entry,
                name=form.cleaned_data["name"],
                order=form.cleaned_data["order"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{entry.name}” has been saved.")
            return redirect(reverse("registration:staff-lists") + f"#list-{entry.kind}")
    kind = ListKind(entry.kind)
    context = {"form": form, "kind": kind, "title": LIST_TITLES[kind], "entry": entry}
    return render(request, "registration/staff/list_entry_form.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def list_entry_retire(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ListEntry, pk=pk)
    next_url = reverse("registration:staff-lists") + f"#list-{entry.kind}"
    if entry.retired_at is not None:
        messages.info(request, f"“{entry.name}” is retired already.")
        return redirect(next_url)
    return confirm_then(
        request,
        template="registration/staff/list_entry_retire.html",
        context={"entry": entry, "kind": entry.kind, "title": LIST_TITLES[ListKind(entry.kind)]},
        act=lambda: list_entries.entry_retire(entry=entry, actor=request.user),
        done=f"“{entry.name}” has been retired: new applications no longer offer it.",
        next_url=next_url,
    )


@require_POST
@staff_required
def list_entry_restore(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ListEntry, pk=pk)
    list_entries.entry_restore(entry=entry, actor=request.user)
    messages.success(request, f"“{entry.name}” is offered again.")
    return redirect(reverse("registration:staff-lists") + f"#list-{entry.kind}")


urlpatterns = [
    path("staff/lists/", lists, name="staff-lists"),
    path("staff/lists/<slug:kind>/add/", list_entry_add, name="staff-list-add"),
    path("staff/lists/entries/<int:pk>/", list_entry_edit, name="staff-list-entry"),
    path("staff/lists/entries/<int:pk>/retire/", list_entry_retire, name="staff-list-retire"),
    path("staff/lists/entries/<int:pk>/restore/", list_entry_restore, name="staff-list-restore"),
]
