"""Template filters for hours and counted nouns; built in, so pages need no ``{% load %}``."""

from django import template

from careermanager.core import formatting

register = template.Library()

register.filter("hours", formatting.hours)
register.filter("plural_hours", formatting.hours_phrase)


@register.filter
def counted(count, nouns: str) -> str:
    """``{{ n|counted:"record" }}`` or ``{{ n|counted:"activity,activities" }}``."""
    singular, _, plural = nouns.partition(",")
    return formatting.counted(int(count or 0), singular, plural or None)
