"""Panels other apps add to a submitted declaration's page, without this app importing them.

    class ReviewConfig(AppConfig):
        declaration_panels = ["careermanager.review.member.declaration_panel"]

Each is a function of the request and the declaration returning a dict with ``template`` and
its context, or nothing.
"""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@cache
def _panel_functions() -> tuple:
    return tuple(
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "declaration_panels", ())
    )


def declaration_panels(request, declaration) -> list[dict]:
    return [panel for function in _panel_functions() if (panel := function(request, declaration))]
