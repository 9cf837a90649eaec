"""The submitted declarations CPD monitoring reads, through the provider declarations register.

Declarations sit on the same layer as this app, so neither imports the other: the
declarations app names its provider on its AppConfig (``monitored_submissions``) and this
module loads it. The provider gives the year's submitted declarations (a queryset this app
filters through its own reverse relation ``monitoring_case``), one submission with its
summary and supporting documents, the kept PDF, and the member's page.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@cache
def source():
    paths = [
        path
        for config in apps.get_app_configs()
        for path in getattr(config, "monitored_submissions", ())
    ]
    if len(paths) != 1:
        raise ImproperlyConfigured(
            f"CPD monitoring needs exactly one source of submissions; found {len(paths)}."
        )
    return import_string(paths[0])()
