"""The CPD start page and the hours-by-year dashboard."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from careermanager.cpd import charts
from careermanager.cpd.categories import Category
from careermanager.cpd.comparison import comparison_panels
from careermanager.cpd.compliance import (
    evaluate_followed,
    followed_policies,
    period_to_check,
    yearly_target,
)
from careermanager.cpd.models import Activity
from careermanager.cpd.models.activities import REFLECTION_FIELDS
from careermanager.cpd.queries import cpd_in_period
from careermanager.cpd.records import yearly_totals

YEARS_SHOWN = 5


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = Activity.objects.owned_by(request.user)
    policies = followed_policies(request.user)
    # One read serves this year's totals and every policy's period (which ends this year).
    period = period_to_check(policies, today.year)
    cpd = cpd_in_period(request.user, period.start, period.end)
    statuses = evaluate_followed(
        request.user, year=today.year, today=today, policies=policies, cpd=cpd
    )
    this_year = yearly_totals(request.user, today.year, today.year, cpd=cpd)[0]
    target, target_policy = yearly_target(policies)
    # Drafts and recorded activities still to reflect on, counted in one query.
    counts = mine.aggregate(
        drafts=Count("pk", filter=Q(status=Activity.Status.DRAFT)),
        needs_reflection=Count(
            "pk",
            filter=Q(status=Activity.Status.RECORDED, **dict.fromkeys(REFLECTION_FIELDS, "")),
        ),
    )
    return render(
        request,
        "cpd/index.html",
        {
            "year": today.year,
            "this_year": this_year,
            "chart": charts.progress_chart(this_year.categories, target),
            "target": target,
            "target_policy": target_policy,
            "statuses": statuses,
            "draft_count": counts["drafts"],
            "needs_reflection": counts["needs_reflection"],
            "recent": list(mine.recorded().select_related("folder").defer("description")[:5]),
            # Figures stored by the daily command: one query, never the other members' records.
            "comparison": comparison_panels(policies, cpd, today.year),
        },
    )


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first_year = today.year - YEARS_SHOWN + 1
    policies = followed_policies(request.user)
    # One read serves the years shown and every policy's period (both end this year).
    start = min(date(first_year, 1, 1), period_to_check(policies, today.year).start)
    cpd = cpd_in_period(request.user, start, date(today.year, 12, 31))
    years = yearly_totals(request.user, first_year, today.year, cpd=cpd)
    target, target_policy = yearly_target(policies)
    rows = [
        {
            "category": category,
            "hours_recorded": category != Category.ACADEMIC,
            "cells": [year.categories[index] for year in years],
        }
        for index, category in enumerate(Category)
    ]
    return render(
        request,
        "cpd/dashboard.html",
        {
            "years": years,
            "rows": rows,
            "chart": charts.year_chart(years, target),
            "target": target,
            "target_policy": target_policy,
            "statuses": evaluate_followed(
                request.user, year=today.year, today=today, policies=policies, cpd=cpd
            ),
        },
    )
