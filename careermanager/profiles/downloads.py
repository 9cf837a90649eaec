"""Which downloads the reports app offers, so profile pages link only to ones that exist."""

from functools import cache

from django.urls import NoReverseMatch, reverse


def _exists(name: str, **kwargs) -> bool:
    try:
        reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return False
    return True


@cache
def available_downloads() -> dict[str, bool]:
    """{"cv": …, "training_summary": …, "orgchart": …}: True when the URL is installed."""
    return {
        "cv": _exists("reports:cv"),
        "training_summary": _exists("reports:training-summary"),
        "orgchart": _exists("reports:orgchart", pk=1),
    }
