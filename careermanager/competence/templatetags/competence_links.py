"""Links from competence pages to the pages of the apps above it, by URL name only."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def objective_url(competence_id, level="", job_profile_id=None) -> str:
    """The page that proposes an objective for a competence, or "" where there is none.

    The development app owns that page; competence knows only its name, so an installation
    without development shows no link rather than a broken one.
    """
    try:
        base = reverse("development:objective-new")
    except NoReverseMatch:
        return ""
    query = {"competence": competence_id}
    if level:
        query["level"] = level
    if job_profile_id:
        query["job_profile"] = job_profile_id
    return f"{base}?{urlencode(query)}"
