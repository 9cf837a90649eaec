from django import template

from careermanager.core.logs import current_request_id

register = template.Library()


@register.simple_tag
def request_id() -> str:
    """The id of the request being answered (core.logs), for an error page to quote."""
    return current_request_id.get() or ""
