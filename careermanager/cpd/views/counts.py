"""Does this count? The panel beside the activity form, updated as the member fills it in."""

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careermanager.core.forms import date_field
from careermanager.cpd import counting
from careermanager.cpd.models import MAX_ACTIVITY_HOURS, Activity, Topic
from careermanager.cpd.views.activities import owned_activity

PANEL = "cpd/includes/counts_panel.html"


class CountsForm(forms.Form):
    """The activity form's fields that decide what it counts towards; each read on its own,
    so that whatever is valid so far is used and the rest reported as still needed."""

    type = forms.ChoiceField(choices=Activity.Type.choices, required=False)
    start_date = date_field("Start date", required=False)
    end_date = date_field("End date", required=False)
    hours = forms.DecimalField(
        min_value=Decimal("0.01"), max_value=MAX_ACTIVITY_HOURS, decimal_places=2, required=False
    )
    topics = forms.ModelMultipleChoiceField(queryset=Topic.objects.all(), required=False)


@require_POST
@login_required
def activity_counts(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The panel for the form as it is filled in (htmx). Reads only; never saves anything."""
    activity = owned_activity(request, pk, drafts=True) if pk is not None else None
    form = CountsForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    proposal, missing = counting.proposal_from(
        data,
        activity=activity,
        topic_names=[(topic.code, topic.name) for topic in data.get("topics") or ()],
    )
    if proposal is None:
        counts = counting.Counts(missing=missing)
    else:
        counts = counting.what_counts(request.user, proposal, today=timezone.localdate())
    return render(request, PANEL, {"counts": counts})
