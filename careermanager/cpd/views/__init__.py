"""CPD pages, one module per part of the app."""

from careermanager.cpd.views.activities import (
    activity_add,
    activity_delete,
    activity_detail,
    activity_edit,
    activity_list,
    activity_reflection,
)
from careermanager.cpd.views.emails import email_settings
from careermanager.cpd.views.folders import folder_add, folder_delete, folder_list, folder_rename
from careermanager.cpd.views.imports import (
    calendar_upload,
    drafts,
    drafts_discard_all,
    import_start,
)
from careermanager.cpd.views.overview import dashboard, index
from careermanager.cpd.views.policies import policy_choose, policy_status
from careermanager.cpd.views.reports import report_list, report_new

__all__ = [
    "activity_add",
    "activity_delete",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_reflection",
    "calendar_upload",
    "dashboard",
    "drafts",
    "drafts_discard_all",
    "email_settings",
    "folder_add",
    "folder_delete",
    "folder_list",
    "folder_rename",
    "import_start",
    "index",
    "policy_choose",
    "policy_status",
    "report_list",
    "report_new",
]
