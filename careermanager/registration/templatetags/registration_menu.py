"""``{% member_application as pk %}``: the application the section menu links to."""

from django import template
from django.db.models import Case, IntegerField, Value, When

from careermanager.registration.models import SENT_STATUSES, Application

register = template.Library()


@register.simple_tag(takes_context=True)
def member_application(context) -> int | None:
    """The member's open application, else their latest; None if they have none.

    A page about one of the member's applications already has it, so it costs no query;
    elsewhere it is one query, and none for someone not signed in.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return None
    shown = context.get("application")
    if isinstance(shown, Application) and shown.owner_id == user.pk:
        return shown.pk
    return (
        Application.objects.owned_by(user)
        .alias(
            sent=Case(
                When(status__in=SENT_STATUSES, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("sent", "-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
