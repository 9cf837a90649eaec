"""Every change to competence records goes through these functions."""

from careermanager.competence.services.assessments import (
    FrameworkRetired,
    assessment_start,
    competence_assess,
    retired_message,
)
from careermanager.competence.services.frameworks import (
    framework_import,
    framework_retire,
    framework_set_expected_level,
)
from careermanager.competence.services.job_profiles import (
    job_profile_add_competence,
    job_profile_create,
    job_profile_delete,
    job_profile_item_remove,
    job_profile_item_update,
    job_profile_update,
)
from careermanager.competence.services.verification import (
    VerifierRole,
    verification_comment,
    verification_request,
    verification_revoke,
)

__all__ = [
    "FrameworkRetired",
    "VerifierRole",
    "assessment_start",
    "competence_assess",
    "framework_import",
    "framework_retire",
    "framework_set_expected_level",
    "job_profile_add_competence",
    "job_profile_create",
    "job_profile_delete",
    "job_profile_item_remove",
    "job_profile_item_update",
    "job_profile_update",
    "retired_message",
    "verification_comment",
    "verification_request",
    "verification_revoke",
]
