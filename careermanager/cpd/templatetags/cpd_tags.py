from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours without needless decimals: 7, 7.5, 0.25; thousands separated: 1,250."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, _, fraction = f"{number:,.2f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


@register.filter
def plural_hours(value) -> str:
    """'1 hour', '7.5 hours'."""
    text = hours(value)
    return f"{text} hour" if text == "1" else f"{text} hours"
