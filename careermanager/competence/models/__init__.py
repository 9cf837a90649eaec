"""Competence frameworks, members' assessments against them, and job profiles."""

from careermanager.competence.models.assessments import (
    COMMENT_LIMIT,
    EVIDENCE_LIMIT,
    REFERENCE_LIMIT,
    Assessment,
    CompetenceAssessment,
    CompetenceRevision,
    VerificationComment,
)
from careermanager.competence.models.frameworks import (
    Area,
    Competence,
    Framework,
    LevelGuidance,
    RegistrationCategory,
    SkillLevel,
)
from careermanager.competence.models.job_profiles import JobProfile, JobProfileItem

__all__ = [
    "COMMENT_LIMIT",
    "EVIDENCE_LIMIT",
    "REFERENCE_LIMIT",
    "Area",
    "Assessment",
    "Competence",
    "CompetenceAssessment",
    "CompetenceRevision",
    "Framework",
    "JobProfile",
    "JobProfileItem",
    "LevelGuidance",
    "RegistrationCategory",
    "SkillLevel",
    "VerificationComment",
]
