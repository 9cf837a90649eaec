"""Reading the monitoring of a year: counts by status and the paginated lists."""

from django.db.models import Count, QuerySet

from careermanager.review.models import CaseStatus, MonitoringCase, Sample
from careermanager.review.source import source

NOT_SAMPLED = "not_sampled"


def year_counts(year: int) -> dict[str, int]:
    """How many submitted declarations, and how many in each status. Two queries.

    The submitted are counted by the declarations' index on (year, status), the cases by
    this app's index on (year, status); those not sampled are the difference.
    """
    total = source().submitted(year).order_by().count()
    by_status = dict(
        MonitoringCase.objects.filter(year=year)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    counts = {"": total, NOT_SAMPLED: total - sum(by_status.values())}
    counts |= {status: by_status.get(status, 0) for status in CaseStatus.values}
    return counts


def year_list(year: int, status: str = "") -> QuerySet:
    """The year's submitted declarations in one status, with their members and cases."""
    declarations = source().submitted(year).select_related("owner", "monitoring_case")
    if status == NOT_SAMPLED:
        return declarations.filter(monitoring_case__isnull=True)
    if status in CaseStatus.values:
        return declarations.filter(monitoring_case__status=status)
    return declarations


def year_samples(year: int) -> list[Sample]:
    return list(Sample.objects.filter(year=year).select_related("drawn_by"))


def sampled_by_year() -> dict[int, int]:
    """How many declarations each year's samples hold. One query."""
    return dict(MonitoringCase.objects.order_by().values_list("year").annotate(count=Count("pk")))
