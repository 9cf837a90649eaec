import pytest
from django.urls import reverse

from careermanager.accounts import demo as accounts_demo
from careermanager.competence import demo as competence_demo
from careermanager.cpd import demo as cpd_demo
from careermanager.development import demo
from careermanager.development.models import Action, Objective, Status
from tests.conftest import signed_in_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_plan_is_realistic_and_idempotent():
    ada = UserFactory(full_name="Ada Okonkwo-Reyes")
    staff = UserFactory()
    for module in (accounts_demo, competence_demo, cpd_demo, demo):
        module.populate(member=ada, staff=staff)
    counts = (Objective.objects.count(), Action.objects.count())
    demo.populate(member=ada, staff=staff)
    assert (Objective.objects.count(), Action.objects.count()) == counts

    mine = Objective.objects.owned_by(ada)
    towards_ceng = mine.filter(kind=Objective.Kind.FRAMEWORK)
    assert towards_ceng.count() == 2
    assert {o.competence.area.framework.category for o in towards_ceng} == {"CEng"}
    assert mine.filter(kind=Objective.Kind.JOB_PROFILE).count() == 1
    done = mine.get(status=Status.COMPLETE)
    assert done.completed_on is not None
    assert done.activities.exists()  # the CPD activity that served it
    assert Action.objects.filter(objective__owner=ada, status=Status.COMPLETE).count() >= 4
    assert Action.objects.filter(objective__owner=ada).open().exists()

    client = signed_in_client(ada)
    assert done.title in client.get(reverse("development:history")).content.decode()
    plan = client.get(reverse("development:index")).content.decode()
    assert all(o.title in plan for o in mine.open())
    assert client.get(reverse("development:review")).status_code == 200
    assert "Your development plan" in client.get(reverse("core:home")).content.decode()
