"""Settings of the floor project: what `django-admin startproject` gives, and nothing else.

The database connection is set up as the app's is (persistent connections; WAL on SQLite),
so the ratio measures what the app's code adds, not a difference in connection handling.
Environment (set by bench.floor.environment):

- FLOOR_SECRET_KEY: the signing key;
- FLOOR_DATABASE: "sqlite:<path>" or a PostgreSQL URL; on PostgreSQL the floor's tables live
  in the schema "floor" of the benchmarks' own database.
"""

import os

import dj_database_url

SECRET_KEY = os.environ["FLOOR_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]

# django-admin startproject's middleware, as it comes.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bench.floor.urls"
WSGI_APPLICATION = "bench.floor.wsgi.application"
TEMPLATES = []

_database = os.environ["FLOOR_DATABASE"]
if _database.startswith("sqlite:"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _database.removeprefix("sqlite:"),
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
else:
    DATABASES = {
        "default": dj_database_url.parse(_database, conn_max_age=60, conn_health_checks=True)
    }
    DATABASES["default"]["OPTIONS"] = {"options": "-c search_path=floor"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
