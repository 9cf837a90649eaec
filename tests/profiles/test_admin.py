import pytest
from django.urls import reverse

from tests.profiles.factories import (
    AccountabilityPersonFactory,
    AchievementFactory,
    DevelopmentSchemeFactory,
    EducationFactory,
    MembershipDetailsFactory,
    PersonalDetailsFactory,
    TrainingFactory,
)

FACTORIES = {
    "personaldetails": PersonalDetailsFactory,
    "membershipdetails": MembershipDetailsFactory,
    "education": EducationFactory,
    "developmentscheme": DevelopmentSchemeFactory,
    "training": TrainingFactory,
    "achievement": AchievementFactory,
}


@pytest.mark.parametrize("model", FACTORIES)
def test_admin_lists_and_opens_profile_records(model, owner, admin_client_2fa):
    record = FACTORIES[model](owner=owner)
    changelist = admin_client_2fa.get(reverse(f"admin:profiles_{model}_changelist"))
    assert changelist.status_code == 200
    change = admin_client_2fa.get(reverse(f"admin:profiles_{model}_change", args=[record.pk]))
    assert change.status_code == 200


def test_admin_shows_an_employments_accountabilities_inline(owner, admin_client_2fa):
    person = AccountabilityPersonFactory(employment__owner=owner, name="Inline Person")
    response = admin_client_2fa.get(
        reverse("admin:profiles_employment_change", args=[person.employment.pk])
    )
    assert "Inline Person" in response.content.decode()
