"""Drawing the year's sample: reproducible from its seed, by percentage or number, audited."""

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.review.models import MonitoringCase, Sample
from careermanager.review.services import sample_draw
from tests.review.factories import YEAR, many_submitted

pytestmark = pytest.mark.django_db


def _drawn(sample: Sample) -> list[int]:
    return sorted(sample.cases.values_list("declaration_id", flat=True))


def test_the_same_seed_and_declarations_give_the_same_sample(staff):
    many_submitted(40)
    first = sample_draw(year=YEAR, method="number", amount=7, seed="spring-2026", actor=staff)
    chosen = _drawn(first)
    MonitoringCase.objects.all().delete()
    again = sample_draw(year=YEAR, method="number", amount=7, seed="spring-2026", actor=staff)
    assert _drawn(again) == chosen
    MonitoringCase.objects.all().delete()
    other = sample_draw(year=YEAR, method="number", amount=7, seed="another seed", actor=staff)
    assert _drawn(other) != chosen


def test_a_percentage_is_rounded_up_and_a_number_is_capped(staff):
    many_submitted(30)
    five_percent = sample_draw(year=YEAR, method="percent", amount=5, actor=staff)
    assert (five_percent.drawn, five_percent.population) == (2, 30)  # 1.5 rounded up
    assert len(five_percent.seed) == 16  # a new seed, recorded
    rest = sample_draw(year=YEAR, method="number", amount=100, actor=staff)
    assert (rest.drawn, rest.population) == (28, 28)


def test_a_second_draw_adds_only_declarations_not_yet_sampled(staff):
    many_submitted(10)
    first = sample_draw(year=YEAR, method="number", amount=4, actor=staff)
    second = sample_draw(year=YEAR, method="number", amount=4, actor=staff)
    assert not set(_drawn(first)) & set(_drawn(second))
    assert second.population == 6
    assert MonitoringCase.objects.count() == 8


def test_drafts_and_other_years_are_never_drawn(staff):
    from tests.declarations.factories import DeclarationFactory

    DeclarationFactory(year=YEAR)
    many_submitted(3, year=YEAR - 1)
    with pytest.raises(Exception, match="no submitted declarations"):
        sample_draw(year=YEAR, method="percent", amount=50, actor=staff)


def test_drawing_from_the_page_records_who_and_when_and_emails_the_members(staff, staff_client):
    declarations = many_submitted(20)
    response = staff_client.post(
        reverse("review:draw", args=[YEAR]),
        {"method": "percent", "amount": "10", "seed": "abc"},
        follow=True,
    )
    assert "2 of 20 declarations were drawn for monitoring (seed abc)" in response.text
    sample = Sample.objects.get()
    assert (sample.drawn_by, sample.seed, sample.year) == (staff, "abc", YEAR)
    owners = {d.pk: d.owner.email for d in declarations}
    emailed = sorted(message.to[0] for message in mail.outbox if "chosen" in message.subject)
    assert emailed == sorted(owners[pk] for pk in _drawn(sample))
    event = AuditEvent.objects.get(action="review.sample.drawn")
    assert event.actor == staff
    assert event.data["seed"] == "abc"
    assert "abc" in staff_client.get(reverse("review:year", args=[YEAR])).text


def test_the_draw_form_shows_its_errors(staff_client):
    many_submitted(2)
    response = staff_client.post(
        reverse("review:draw", args=[YEAR]), {"method": "percent", "amount": "150"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert response.text.count("A percentage must be 100 or less.") == 2
    assert not Sample.objects.exists()
