"""Counts in profile pages agree with their nouns: 1 character, 2 characters."""

import pytest
from django.urls import reverse

from tests.profiles.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_role_counts_its_characters(owner, owner_client):
    role = EmploymentFactory(owner=owner, responsibilities="I", achievements="Me")

    page = owner_client.get(reverse("profiles:employment-delete", args=[role.pk])).text

    assert "1 character<" in page
    assert "2 characters<" in page
