"""Recording activities: the quick form, details, reflection, the list and deletion."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.core.models import AuditEvent
from careermanager.cpd.models import REFLECTION_LIMIT, Activity, Topic
from tests.cpd.factories import ActivityFactory, FolderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def quick_form(**overrides) -> dict:
    data = {
        "type": Activity.Type.EVENT,
        "title": "IET lecture: grid-scale batteries",
        "start_date": (TODAY - timedelta(days=2)).isoformat(),
        "end_date": "",
        "hours": "1.5",
    }
    return data | overrides


class TestQuickCapture:
    def test_adds_an_activity_with_a_one_day_default(self, owner, owner_client):
        response = owner_client.post(reverse("cpd:activity-add"), quick_form())
        activity = Activity.objects.get(owner=owner)
        assert response.status_code == 302
        assert response["Location"] == reverse("cpd:activity-detail", args=[activity.pk])
        assert activity.title == "IET lecture: grid-scale batteries"
        assert activity.end_date == activity.start_date
        assert activity.hours == Decimal("1.5")
        assert activity.status == Activity.Status.RECORDED
        assert not activity.has_reflection
        assert AuditEvent.objects.filter(action="cpd.activity.created").exists()

    def test_save_and_add_a_reflection(self, owner, owner_client):
        response = owner_client.post(reverse("cpd:activity-add"), quick_form(reflect="1"))
        activity = Activity.objects.get(owner=owner)
        assert response["Location"] == reverse("cpd:activity-reflection", args=[activity.pk])

    def test_into_one_of_your_folders(self, owner, owner_client):
        folder = FolderFactory(owner=owner, name="CPD Activities 2026")
        owner_client.post(reverse("cpd:activity-add"), quick_form(folder=folder.pk))
        assert Activity.objects.get(owner=owner).folder == folder

    def test_not_into_another_members_folder(self, owner, other_member, owner_client):
        FolderFactory(owner=owner)
        theirs = FolderFactory(owner=other_member)
        response = owner_client.post(reverse("cpd:activity-add"), quick_form(folder=theirs.pk))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not Activity.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"title": ""}, "Enter a title"),
            ({"hours": "0"}, "The hours must be more than 0"),
            ({"hours": "-3"}, "The hours must be more than 0"),
            ({"hours": "2001"}, "The hours must be 2,000 or fewer"),
            ({"hours": "lots"}, "Enter the hours as a number"),
            ({"type": ""}, "Choose the type of activity"),
            ({"start_date": ""}, "Enter the start date"),
            (
                {"start_date": (TODAY + timedelta(days=1)).isoformat()},
                "The start date must be today or in the past",
            ),
            (
                {
                    "start_date": (TODAY - timedelta(days=2)).isoformat(),
                    "end_date": (TODAY - timedelta(days=5)).isoformat(),
                },
                "The end date must be the same as or after the start date",
            ),
        ],
    )
    def test_bad_input_is_explained_and_kept(self, owner_client, overrides, message):
        response = owner_client.post(reverse("cpd:activity-add"), quick_form(**overrides))
        content = response.content.decode()
        assert response.status_code == 200
        assert message in content
        assert "There is a problem" in content
        assert "<title>Error: " in content
        assert "grid-scale batteries" in content or overrides.get("title") == ""
        assert not Activity.objects.exists()

    def test_form_is_short(self, owner_client):
        content = owner_client.get(reverse("cpd:activity-add")).content.decode()
        for name in ("type", "title", "start_date", "end_date", "hours"):
            assert f'name="{name}"' in content
        assert 'name="reflection_learned"' not in content
        assert 'name="description"' not in content


class TestDetailsAndReflection:
    def test_edit_details_and_topics(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        risk = Topic.objects.get(code="risk-management")
        form = quick_form(title="Renamed", description="Two talks and a panel.", topics=[risk.pk])
        response = owner_client.post(reverse("cpd:activity-edit", args=[activity.pk]), form)
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.title == "Renamed"
        assert activity.description == "Two talks and a panel."
        assert list(activity.topics.all()) == [risk]

    def test_reflection_is_saved_and_shown(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        url = reverse("cpd:activity-reflection", args=[activity.pk])
        page = owner_client.get(url).content.decode()
        assert 'maxlength="2000"' in page
        assert "data-count" in page
        assert "What did you learn?" in page
        response = owner_client.post(
            url,
            {
                "reflection_learned": "How battery degradation is modelled.",
                "reflection_follow_up": "Read the IEC 62933 series.",
            },
        )
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.has_reflection
        detail = owner_client.get(reverse("cpd:activity-detail", args=[activity.pk]))
        assert "How battery degradation is modelled." in detail.content.decode()
        assert "Reflection needed" not in detail.content.decode()

    def test_reflection_needs_at_least_one_answer(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        response = owner_client.post(reverse("cpd:activity-reflection", args=[activity.pk]), {})
        assert "Answer at least one question" in response.content.decode()

    def test_reflection_limit_is_enforced_by_the_server(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        response = owner_client.post(
            reverse("cpd:activity-reflection", args=[activity.pk]),
            {"reflection_learned": "x" * (REFLECTION_LIMIT + 1)},
        )
        assert "The answer must be 2,000 characters or fewer" in response.content.decode()
        activity.refresh_from_db()
        assert not activity.has_reflection

    def test_another_member_gets_404(self, owner, other_client):
        activity = ActivityFactory(owner=owner)
        for name in ("cpd:activity-detail", "cpd:activity-edit", "cpd:activity-reflection"):
            assert other_client.get(reverse(name, args=[activity.pk])).status_code == 404
        response = other_client.post(
            reverse("cpd:activity-reflection", args=[activity.pk]), {"reflection_learned": "x"}
        )
        assert response.status_code == 404
        response = other_client.post(reverse("cpd:activity-delete", args=[activity.pk]))
        assert response.status_code == 404
        assert Activity.objects.filter(pk=activity.pk).exists()


class TestDelete:
    def test_get_asks_and_changes_nothing(self, owner, owner_client):
        activity = ActivityFactory(owner=owner, title="Wiring regulations update", reflected=True)
        response = owner_client.get(reverse("cpd:activity-delete", args=[activity.pk]))
        content = response.content.decode()
        assert "Wiring regulations update" in content
        assert "with your reflection on it" in content
        assert "button--warning" in content
        assert Activity.objects.filter(pk=activity.pk).exists()

    def test_post_deletes(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        response = owner_client.post(reverse("cpd:activity-delete", args=[activity.pk]))
        assert response.status_code == 302
        assert not Activity.objects.filter(pk=activity.pk).exists()
        assert AuditEvent.objects.filter(action="cpd.activity.deleted").exists()


class TestList:
    def test_shows_which_need_a_reflection(self, owner, owner_client):
        ActivityFactory(owner=owner, title="Reflected one", reflected=True)
        ActivityFactory(owner=owner, title="Bare one")
        content = owner_client.get(reverse("cpd:activity-list")).content.decode()
        assert content.count("Reflection needed") == 1
        assert "Reflected one" in content
        assert "Bare one" in content

    def test_filters_are_kept_in_the_url(self, owner, owner_client):
        folder = FolderFactory(owner=owner, name="CPD Activities 2025")
        last_year = TODAY.replace(year=TODAY.year - 1, month=6, day=1)
        ActivityFactory(owner=owner, title="In folder", folder=folder, start_date=last_year)
        ActivityFactory(owner=owner, title="Self study", type=Activity.Type.SELF_STUDY)
        ActivityFactory(owner=owner, title="Reflected", reflected=True)
        url = reverse("cpd:activity-list")

        def titles(query):
            content = owner_client.get(url, query).content.decode()
            return {t for t in ("In folder", "Self study", "Reflected") if t in content}

        assert titles({"folder": folder.pk}) == {"In folder"}
        assert titles({"folder": "none"}) == {"Self study", "Reflected"}
        assert titles({"type": "self_study"}) == {"Self study"}
        assert titles({"year": last_year.year}) == {"In folder"}
        assert titles({"reflection": "needed"}) == {"In folder", "Self study"}
        page = owner_client.get(url, {"type": "self_study"}).content.decode()
        assert '<option value="self_study" selected>' in page

    def test_paginated_with_filters_in_the_links(self, owner, owner_client):
        ActivityFactory.create_batch(30, owner=owner, type=Activity.Type.SELF_STUDY)
        content = owner_client.get(
            reverse("cpd:activity-list"), {"type": "self_study"}
        ).content.decode()
        assert "Page 1 of 2" in content
        assert "type=self_study&amp;page=2" in content

    def test_drafts_are_not_listed(self, owner, owner_client):
        ActivityFactory(owner=owner, title="Calendar thing", draft=True)
        content = owner_client.get(reverse("cpd:activity-list")).content.decode()
        assert "Calendar thing" not in content

    def test_empty_state_offers_the_first_action(self, owner_client):
        content = owner_client.get(reverse("cpd:activity-list")).content.decode()
        assert "You have not recorded any CPD activities yet" in content
        assert reverse("cpd:activity-add") in content


def test_database_refuses_impossible_hours(owner):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ActivityFactory(owner=owner, hours=Decimal("0"))


class TestCompetences:
    def test_link_to_competences_of_your_assessment(self, owner, owner_client):
        from careermanager.competence.models import Competence
        from careermanager.competence.services.assessments import assessment_start

        assessment = assessment_start(owner=owner, category="CEng")
        mine = Competence.objects.of_framework(assessment.framework).first()
        activity = ActivityFactory(owner=owner)
        url = reverse("cpd:activity-edit", args=[activity.pk])
        assert mine.title in owner_client.get(url).content.decode()
        owner_client.post(url, quick_form(competences=[mine.pk]))
        assert list(activity.competences.all()) == [mine]
        detail = owner_client.get(reverse("cpd:activity-detail", args=[activity.pk]))
        assert mine.title in detail.content.decode()

    def test_not_to_competences_you_are_not_assessing(self, owner, owner_client):
        from careermanager.competence.models import Competence
        from careermanager.competence.services.assessments import assessment_start

        assessment_start(owner=owner, category="CEng")
        other = Competence.objects.exclude(area__framework__category="CEng").first()
        activity = ActivityFactory(owner=owner)
        response = owner_client.post(
            reverse("cpd:activity-edit", args=[activity.pk]), quick_form(competences=[other.pk])
        )
        assert "Select a valid choice" in response.content.decode()
        assert not activity.competences.exists()

    def test_no_assessment_no_competence_field(self, owner, owner_client):
        activity = ActivityFactory(owner=owner)
        page = owner_client.get(reverse("cpd:activity-edit", args=[activity.pk])).content.decode()
        assert 'name="competences"' not in page
