"""The link from a page's heading to the help for its area."""

from django import template
from django.urls import reverse

from careermanager.core.help import help_for_section, help_page

register = template.Library()


@register.inclusion_tag("core/includes/help_link.html", takes_context=True)
def help_link(context, slug: str = "") -> dict:
    """``{% help_link %}`` links to the help for the page's area; ``{% help_link "cpd" %}`` to one.

    The area is the page's URL namespace; a guest's pages (views named ``guest-…``) link to
    the help on guest links whichever app serves them. ``"index"`` links to the list of help.
    """
    if slug == "index":
        return {"url": reverse("core:help"), "title": "Using the service"}
    page = help_page(slug) if slug else _page_for(context.get("request"))
    return {"url": page.url, "title": page.title} if page else {}


def _page_for(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    if (match.url_name or "").startswith("guest"):
        return help_page("guest")
    return help_for_section(match.namespace)
