"""The member's profile and CV: who they are, where they worked, what they learnt.

Every record belongs to one member (`owner`) and is read through `owned_by(user)`, so no
lookup can forget whose it is. Lists come out newest first.
"""

from careermanager.profiles.models.base import (
    LONG_TEXT_GUIDANCE,
    LONG_TEXT_LIMIT,
    MAX_LEVELS_ABOVE,
    MAX_TRAINING_HOURS,
)
from careermanager.profiles.models.career import (
    AccountabilityPerson,
    AccountabilityPersonQuerySet,
    Employment,
    EmploymentQuerySet,
)
from careermanager.profiles.models.learning import (
    Achievement,
    DevelopmentScheme,
    Education,
    Training,
    TrainingQuerySet,
)
from careermanager.profiles.models.people import MembershipDetails, PersonalDetails

__all__ = [
    "LONG_TEXT_GUIDANCE",
    "LONG_TEXT_LIMIT",
    "MAX_LEVELS_ABOVE",
    "MAX_TRAINING_HOURS",
    "AccountabilityPerson",
    "AccountabilityPersonQuerySet",
    "Achievement",
    "DevelopmentScheme",
    "Education",
    "Employment",
    "EmploymentQuerySet",
    "MembershipDetails",
    "PersonalDetails",
    "Training",
    "TrainingQuerySet",
]
