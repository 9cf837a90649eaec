from decimal import Decimal

from django import template

register = template.Library()


def format_hours(value) -> str:
    """7.50 -> '7.5', 10000.00 -> '10,000', 0.25 -> '0.25'."""
    if value in (None, ""):
        return ""
    number = Decimal(value).quantize(Decimal("0.01"))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text


register.filter("hours", format_hours)
