"""The evidence section of an activity's page, read where the page includes it."""

from django import template

from careermanager.cpd.evidence import evidence_for
from careermanager.cpd.views.evidence import evidence_context, evidence_form

register = template.Library()


@register.inclusion_tag("cpd/includes/evidence_section.html", takes_context=True)
def evidence_section(context, activity):
    """The activity's files of evidence and the form to add one: one query."""
    attachments = evidence_for(context["request"].user, activity.pk)
    return {
        **evidence_context(activity, attachments, evidence_form()),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
