from django import template

from careermanager.core import once

register = template.Library()


@register.inclusion_tag("core/includes/once_token.html", takes_context=True)
def once_token(context) -> dict:
    """The hidden once-only token of a create form (see core.once)."""
    return {"name": once.FIELD, "value": once.token_for_form(context["request"])}
