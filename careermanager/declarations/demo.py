"""Ada's declarations: last year's, submitted, and this year's, started.

Runs after the profile and CPD demo data (the apps' order), so last year's snapshot holds
Ada's roles, study and activities. Running it twice changes nothing.
"""

from django.utils import timezone

from careermanager.declarations import services
from careermanager.declarations.models import Compliance, Declaration, EmploymentStatus, Selection


def populate(*, member, staff) -> None:
    this_year = timezone.localdate().year
    last_year = this_year - 1
    if not Declaration.objects.owned_by(member).filter(year=last_year).exists():
        declaration = Declaration.objects.create(
            owner=member, year=last_year, monitoring_agreed_at=timezone.now()
        )
        services.declaration_confirm(declaration=declaration, item="reports", actor=member)
        services.declaration_update(
            declaration=declaration,
            section="employment-status",
            actor=member,
            employment_status=EmploymentStatus.EMPLOYED,
            employment_comments="",
        )
        for section, field in (
            ("employment-history", "employment_selection"),
            ("academic-study", "study_selection"),
        ):
            services.declaration_update(
                declaration=declaration, section=section, actor=member, **{field: Selection.ALL}
            )
        services.declaration_confirm(declaration=declaration, item="hours", actor=member)
        services.declaration_update(
            declaration=declaration,
            section="compliance",
            actor=member,
            compliance=Compliance.MET,
        )
        services.declaration_submit(declaration=declaration, actor=member)
    if not Declaration.objects.owned_by(member).filter(year=this_year).exists():
        declaration = Declaration.objects.create(
            owner=member, year=this_year, monitoring_agreed_at=timezone.now()
        )
        services.declaration_update(
            declaration=declaration,
            section="employment-status",
            actor=member,
            employment_status=EmploymentStatus.EMPLOYED,
            employment_comments="",
        )
