import pytest
from django.core.management import call_command

from careermanager.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_prints_how_to_log_in(capsys):
    call_command("demo", "--force")
    counts = {model: model.objects.count() for model in _owned_models()}
    call_command("demo", "--force")

    out = capsys.readouterr().out
    assert "ada.example@example.org" in out
    assert User.objects.count() == 2
    assert {model: model.objects.count() for model in _owned_models()} == counts
    staff = User.objects.get(email="staff@example.org")
    assert staff.role == User.Role.STAFF


def test_demo_refuses_without_debug(capsys, settings):
    settings.DEBUG = False
    call_command("demo")

    assert User.objects.count() == 0
    assert "Refusing" in capsys.readouterr().err


def _owned_models():
    """Every model of ours: the demo must not duplicate any of them."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("careermanager.") and model._meta.app_label not in {"core"}
    ]
