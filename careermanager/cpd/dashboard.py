"""The home-page panel: this year's CPD hours against the member's policy."""

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from careermanager.cpd import charts
from careermanager.cpd.compliance import (
    evaluate_followed,
    period_to_check,
    policies_with_ids,
    yearly_target,
)
from careermanager.cpd.models import Activity, MemberPolicy
from careermanager.cpd.queries import cpd_in_period
from careermanager.cpd.records import yearly_totals


def panel(request) -> dict:
    """Always shown to members: CPD is what most of them come to do."""
    today = timezone.localdate()
    # The member's drafts are counted in the query that reads which policies they follow (a
    # member who follows none gets one query for each); the policies with their rules are
    # the ones every page shares (compliance.all_policies).
    drafts = (
        Activity.objects.owned_by(request.user)
        .drafts()
        .order_by()
        .values("owner")
        .annotate(count=Count("pk"))
        .values("count")
    )
    followed = list(
        MemberPolicy.objects.owned_by(request.user)
        .annotate(drafts=Coalesce(Subquery(drafts, output_field=IntegerField()), 0))
        .values_list("policy_id", "drafts")
    )
    policies = policies_with_ids(policy for policy, _ in followed)
    draft_count = (
        followed[0][1] if followed else Activity.objects.owned_by(request.user).drafts().count()
    )
    # One read serves this year's totals and every policy's period (which ends this year).
    period = period_to_check(policies, today.year)
    cpd = cpd_in_period(request.user, period.start, period.end)
    this_year = yearly_totals(request.user, today.year, today.year, cpd=cpd)[0]
    target, target_policy = yearly_target(policies)
    return {
        "template": "cpd/panel.html",
        "order": 10,
        "year": today.year,
        "this_year": this_year,
        "chart": charts.progress_chart(this_year.categories, target),
        "target": target,
        "target_policy": target_policy,
        "statuses": evaluate_followed(
            request.user, year=today.year, today=today, policies=policies, cpd=cpd
        ),
        "draft_count": draft_count,
    }
