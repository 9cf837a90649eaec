"""The measuring data: members with a submitted declaration each that staff can sample and open."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from careermanager.declarations.models import Declaration
from careermanager.review.services import sample_draw

pytestmark = pytest.mark.django_db


def test_generated_declarations_can_be_sampled_and_read(staff, staff_client):
    call_command("generate_monitoring_data", members=30, activities=3, year=2025)
    assert Declaration.objects.submitted().filter(year=2025).count() == 30
    sample = sample_draw(year=2025, method="percent", amount=10, actor=staff)
    assert sample.drawn == 3
    case = sample.cases.first()
    page = staff_client.get(reverse("review:case", args=[case.pk]))
    assert page.status_code == 200
    assert "Member 0" in page.text
    listed = staff_client.get(reverse("review:year", args=[2025]))
    assert "All submitted (30)" in listed.text
    call_command("generate_monitoring_data", members=30, activities=3, year=2025)
    assert Declaration.objects.count() == 30  # not twice
