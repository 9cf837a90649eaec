from django.db.models import BigIntegerField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from careermanager.competence.models import Assessment, Competence, CompetenceAssessment
from careermanager.competence.queries import Progress

SHOWN = 3


def _count(queryset, group: str):
    """How many rows of queryset there are, as a subquery (it selects one group)."""
    counted = queryset.order_by().values(group).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), Value(0), output_field=BigIntegerField())


def panel(request) -> dict:
    """How complete the member's competence assessments are, with a way in. One query."""
    framework = OuterRef("framework")
    assessments = (
        Assessment.objects.owned_by(request.user)
        .select_related("framework")
        .annotate(
            total=_count(
                Competence.objects.filter(area__framework=framework, retired_at__isnull=True),
                "area__framework",
            ),
            assessed=_count(
                CompetenceAssessment.objects.owned_by(request.user).filter(
                    competence__area__framework=framework, competence__retired_at__isnull=True
                ),
                "competence__area__framework",
            ),
        )[:SHOWN]
    )
    return {
        "template": "competence/panel.html",
        "progress": [
            Progress(assessment, assessment.assessed, assessment.total)
            for assessment in assessments
        ],
    }
