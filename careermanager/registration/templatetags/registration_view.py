"""``{% present_application records as view %}``: an application's records ready to print."""

from django import template
from django.utils.safestring import mark_safe

from careermanager.registration.presenters import present

register = template.Library()


@register.simple_tag
def present_application(records):
    """The application's parts with labels and dates (registration.presenters.present)."""
    return present(records)


@register.filter
def diagram_svg(diagram) -> str:
    """The profile's accountability drawing, inline.

    The SVG is drawn by profiles.orgchart, which escapes every text a member typed and uses
    presentation attributes only; ``present`` has already dropped any drawing holding a
    script, a handler or a link, so what is left is safe to put into the page as it is.
    """
    return mark_safe(diagram.get("inline_svg", ""))  # noqa: S308
