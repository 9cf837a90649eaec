"""Every change to CPD records goes through one of these functions."""

from careermanager.cpd.services.activities import (
    activity_create,
    activity_delete,
    activity_reflect,
    activity_update,
    drafts_confirm,
    drafts_discard,
    folder_create,
    folder_delete,
    folder_rename,
)
from careermanager.cpd.services.emails import email_settings_for, email_settings_update
from careermanager.cpd.services.imports import (
    CalendarImport,
    ImportCounts,
    calendar_import,
    drafts_discard_all,
    legacy_import_cancel,
    legacy_import_confirm,
    legacy_import_preview,
)
from careermanager.cpd.services.policies import policies_follow

__all__ = [
    "CalendarImport",
    "ImportCounts",
    "activity_create",
    "activity_delete",
    "activity_reflect",
    "activity_update",
    "calendar_import",
    "drafts_confirm",
    "drafts_discard",
    "drafts_discard_all",
    "email_settings_for",
    "email_settings_update",
    "folder_create",
    "folder_delete",
    "folder_rename",
    "legacy_import_cancel",
    "legacy_import_confirm",
    "legacy_import_preview",
    "policies_follow",
]
