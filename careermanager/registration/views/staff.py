"""Staff pages: the intentions members have submitted, and one of them."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from careermanager.core.access import staff_required
from careermanager.registration.forms import StaffFilterForm
from careermanager.registration.models import Intention, RegistrationCategory
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
