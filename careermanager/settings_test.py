"""Settings for the test suite: fast hashing, tasks run at once.

Django's test runner swaps every mailer for the in-memory one by itself.
"""

import os

os.environ.setdefault("CAREERMANAGER_VAR_DIR", "var/test")

from careermanager.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
PAGE_CACHE_ENTRIES = 0  # pages are made afresh; tests/core/test_pagecache.py turns it on
