import io

from django.core.management import call_command
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.profiles import models
from careermanager.profiles.orgchart import chart_for, roles_for_diagram


def counts() -> dict[str, int]:
    return {
        name: getattr(models, name).objects.count()
        for name in (
            "PersonalDetails",
            "MembershipDetails",
            "Employment",
            "AccountabilityPerson",
            "Education",
            "DevelopmentScheme",
            "Training",
            "Achievement",
        )
    }


def test_demo_career_is_realistic_valid_and_idempotent(db):
    call_command("demo", "--force", stdout=io.StringIO())
    first = counts()
    call_command("demo", "--force", stdout=io.StringIO())
    assert counts() == first

    ada = User.objects.get(email="ada.example@example.org")
    for name in first:
        for record in getattr(models, name).objects.all():
            record.full_clean()
    assert first["Training"] >= 15
    assert models.Training.objects.owned_by(ada).total_hours() > 100
    kinds = set(models.Achievement.objects.owned_by(ada).values_list("kind", flat=True))
    assert {"paper", "patent"} <= kinds
    masters = models.Education.objects.owned_by(ada).get(qualification_type="masters")
    assert masters.accredited
    assert "honours" in masters.classification
    assert models.DevelopmentScheme.objects.owned_by(ada).get().accredited

    current, previous = roles_for_diagram(ada)
    assert current.is_current
    assert (timezone.localdate() - current.start_date).days < 3 * 365
    assert len(current.responsibilities.split()) > 150
    assert current.responsibilities.startswith("I ")
    chart = chart_for(current)
    assert len(chart.above) == 3
    assert chart.reports
    assert chart.member.registration == "IEng MIET"
    assert chart_for(previous).above
