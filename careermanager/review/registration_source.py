"""The submitted applications and intentions the staff's inbox reads, through registration's
provider.

Registration sits on the same layer as this app, so neither imports the other: the
registration app names its provider on its AppConfig (``registration_submissions``) and this
module loads it. The provider gives the lists of sent applications and submitted intentions
(with their counts), one application as staff read it, its kept PDF, and the staff's actions
on it (confirm receipt, comment, record the outcome), each through registration's services.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@cache
def inbox():
    paths = [
        path
        for config in apps.get_app_configs()
        for path in getattr(config, "registration_submissions", ())
    ]
    if len(paths) != 1:
        raise ImproperlyConfigured(
            f"The registration inbox needs exactly one source of submissions; found {len(paths)}."
        )
    return import_string(paths[0])()
