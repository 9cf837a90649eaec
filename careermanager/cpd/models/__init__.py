"""CPD records: folders and activities, policies and import batches.

Every member's record is read through `owned_by(user)`, so no lookup can forget whose it is.
"""

from careermanager.cpd.models.activities import (
    DESCRIPTION_LIMIT,
    MAX_ACTIVITY_HOURS,
    REFLECTION_FIELDS,
    REFLECTION_LIMIT,
    REFLECTION_PROMPTS,
    Activity,
    ActivityQuerySet,
    Folder,
    Prompt,
    Topic,
)
from careermanager.cpd.models.jobs import ImportBatch
from careermanager.cpd.models.policies import Institution, MemberPolicy, Policy, PolicyRule
from careermanager.cpd.models.reminders import Comparison, EmailSettings, Reminder

__all__ = [
    "DESCRIPTION_LIMIT",
    "MAX_ACTIVITY_HOURS",
    "REFLECTION_FIELDS",
    "REFLECTION_LIMIT",
    "REFLECTION_PROMPTS",
    "Activity",
    "ActivityQuerySet",
    "Comparison",
    "EmailSettings",
    "Folder",
    "ImportBatch",
    "Institution",
    "MemberPolicy",
    "Policy",
    "PolicyRule",
    "Prompt",
    "Reminder",
    "Topic",
]
