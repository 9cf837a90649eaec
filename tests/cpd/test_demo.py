import pytest

from careermanager.cpd import demo
from careermanager.cpd.models import Activity, Folder, Policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_cpd_is_realistic_and_idempotent():
    ada = UserFactory(full_name="Ada Okonkwo-Reyes")
    staff = UserFactory()
    demo.populate(member=ada, staff=staff)
    counts = (Activity.objects.count(), Folder.objects.count())
    demo.populate(member=ada, staff=staff)
    assert (Activity.objects.count(), Folder.objects.count()) == counts
    assert set(Folder.objects.values_list("name", flat=True)) == {
        "CPD Activities 2025",
        "CPD Activities 2026",
    }
    recorded = Activity.objects.owned_by(ada).recorded()
    assert recorded.count() >= 15
    assert recorded.with_reflection().count() > recorded.count() // 2
    assert recorded.lacking_reflection().exists()
    assert Activity.objects.owned_by(ada).drafts().count() == 2
    assert list(Policy.objects.followed_by(ada).values_list("code", flat=True)) == ["iet-active"]
