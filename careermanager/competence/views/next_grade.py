"""What the next registration grade asks of the member, from one of their assessments."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from careermanager.competence.charts import next_grade_chart
from careermanager.competence.queries import next_grade
from careermanager.competence.views.common import owned_assessment


@require_safe
@login_required
def next_grade_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    grade = next_grade(request.user, assessment)
    return render(
        request,
        "competence/next_grade.html",
        {
            "assessment": assessment,
            "grade": grade,
            "chart": next_grade_chart(grade) if grade.rows else None,
        },
    )
