"""Which documents exist: each app lists its builders on its AppConfig, the engine looks them up.

The engine knows no app. An app names its documents, as it names its navigation and home-page
panels (``careermanager.core.navigation``):

    class CpdConfig(AppConfig):
        documents = {
            "cpd.summary": DocumentKind(
                "careermanager.cpd.documents.build_summary_report",
                label="CPD activity report",
                noun="report",
                list_url="cpd:report-list",
                new_url="cpd:report-new",
                layout="cpd/layout.html",
            ),
        }

A plain dotted path is enough when the defaults do (``"cpd.summary": "careermanager…"``).
A builder is called as ``builder(owner=owner, **parameters)`` with the parameters a document
job keeps (JSON: dates as ISO strings) and returns a ``Document``.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from careermanager.reports.documents import Document

Builder = Callable[..., Document]


class UnknownDocument(LookupError):
    """No installed app registers a document of this kind."""


@dataclass(frozen=True)
class DocumentKind:
    """A registered document: its builder, and how the job pages speak of it."""

    builder: str  # dotted path to build(owner=..., **parameters) -> Document
    label: str = "Document"  # "CPD activity report": headings and titles on the job pages
    noun: str = "document"  # "report": "Your report is ready", "Back to your reports"
    list_url: str = ""  # URL name of the page listing the member's documents of this kind
    new_url: str = ""  # URL name of the page that asks for another one
    section: str = ""  # the navigation section its pages sit in ("cpd"); default: the app's
    layout: str = "base.html"  # the template the job pages extend (the app's own sub-navigation)

    def build(self, *, owner, parameters: dict) -> Document:
        return import_string(self.builder)(owner=owner, **parameters)


@cache
def document_kinds() -> dict[str, DocumentKind]:
    """Every registered document by name, from every installed app's ``documents``."""
    kinds: dict[str, DocumentKind] = {}
    for config in apps.get_app_configs():
        for name, entry in getattr(config, "documents", {}).items():
            if name in kinds:
                raise ImproperlyConfigured(f"Document {name!r} is registered twice")
            kind = entry if isinstance(entry, DocumentKind) else DocumentKind(builder=entry)
            kinds[name] = replace(kind, section=kind.section or config.label)
    return kinds


def document_kind(name: str) -> DocumentKind:
    """The registered document called `name` (UnknownDocument if none)."""
    try:
        return document_kinds()[name]
    except KeyError:
        raise UnknownDocument(f"No app registers a document called {name!r}") from None


def kinds_with_prefix(prefix: str) -> list[str]:
    """The names of the documents an app registered under its prefix, e.g. "cpd."."""
    return sorted(name for name in document_kinds() if name.startswith(prefix))


def parameter_date(value: date | str) -> date:
    """A date parameter as a job keeps it (ISO text) or as a view passes it (a date)."""
    return value if isinstance(value, date) else date.fromisoformat(value)
