"""Help for members, one page per area, contributed by each installed app.

An app lists its help pages on its AppConfig, as it lists its navigation, so core serves
them without importing the app:

    class CpdConfig(AppConfig):
        help_pages = [HelpPage("cpd", "Recording CPD", "cpd/help.html", sections=("cpd",))]

`sections` are the URL namespaces whose pages link to this help page from their heading.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    template: str
    summary: str = ""
    sections: tuple[str, ...] = ()
    order: int = 50

    @property
    def url(self) -> str:
        return reverse("core:help-page", kwargs={"slug": self.slug})


@cache
def help_pages() -> tuple[HelpPage, ...]:
    """Every help page, in order."""
    pages = [
        page for config in apps.get_app_configs() for page in getattr(config, "help_pages", ())
    ]
    slugs = [page.slug for page in pages]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise ValueError(f"Help pages registered twice: {', '.join(duplicates)}")
    return tuple(sorted(pages, key=lambda page: (page.order, page.title)))


def help_page(slug: str) -> HelpPage | None:
    return next((page for page in help_pages() if page.slug == slug), None)


def help_for_section(section: str) -> HelpPage | None:
    """The help page for the pages of one URL namespace, if an app offers one."""
    return next((page for page in help_pages() if section in page.sections), None)
