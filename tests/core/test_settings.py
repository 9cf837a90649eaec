"""The production profile refuses to start without what it needs."""

import os
import subprocess
import sys

import pytest


def _load_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAREERMANAGER_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import careermanager.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAREERMANAGER_ENV": "production"}, "CAREERMANAGER_SECRET_KEY"),
        (
            {"CAREERMANAGER_ENV": "production", "CAREERMANAGER_SECRET_KEY": "x" * 50},
            "CAREERMANAGER_ALLOWED_HOSTS",
        ),
        (
            {"CAREERMANAGER_ENV": "production", "CAREERMANAGER_DEBUG": "true"},
            "cannot be true",
        ),
        ({"CAREERMANAGER_ENV": "staging"}, "must be one of development, production"),
    ],
)
def test_production_needs_its_settings(env, message, tmp_path):
    result = _load_settings(CAREERMANAGER_VAR_DIR=str(tmp_path), **env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_are_hardened(tmp_path):
    code = (
        "import careermanager.settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_SECURE, s.MAILERS['default']['BACKEND'].rsplit('.', 1)[-1],"
        " s.TASKS['default']['BACKEND'])"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAREERMANAGER_")}
    environment.update(
        CAREERMANAGER_ENV="production",
        CAREERMANAGER_SECRET_KEY="y" * 50,
        CAREERMANAGER_ALLOWED_HOSTS="careers.example.org",
        CAREERMANAGER_SITE_URL="https://careers.example.org",
        CAREERMANAGER_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "31536000",
        "True",
        "EmailBackend",
        "django_tasks_db.DatabaseBackend",
    ]
