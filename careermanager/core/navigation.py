"""Primary navigation and home-page panels, contributed by each installed app.

An app lists what it adds on its AppConfig, so the frame only ever links to pages that
exist and core never imports another app:

    class CpdConfig(AppConfig):
        navigation = [NavItem("CPD", "cpd:index", order=40)]
        dashboard_panels = ["careermanager.cpd.dashboard.panel"]
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    staff_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def section(self) -> str:
        """The URL namespace that counts as being inside this section."""
        return self.url_name.split(":")[0]


@cache
def _all_items() -> tuple[NavItem, ...]:
    items = [
        item for config in apps.get_app_configs() for item in getattr(config, "navigation", ())
    ]
    return tuple(sorted(items, key=lambda item: item.order))


def primary_navigation(user) -> list[NavItem]:
    """The sections this user may open, in order."""
    is_staff = getattr(user, "is_reviewer", False)
    return [item for item in _all_items() if is_staff or not item.staff_only]


@cache
def _panel_functions() -> tuple:
    return tuple(
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "dashboard_panels", ())
    )


def dashboard_panels(request) -> list[dict]:
    """Each app's home-page panel: a dict with `template` and its context, or nothing.

    A panel may give an `order` (default 50; lower comes first), so the most pressing
    things lead the page whatever order the apps are installed in.
    """
    panels = [panel for function in _panel_functions() if (panel := function(request))]
    return sorted(panels, key=lambda panel: panel.get("order", 50))
