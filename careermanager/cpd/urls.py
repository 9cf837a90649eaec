from django.urls import path

from careermanager.cpd import views
from careermanager.cpd.views import capture, counts
from careermanager.cpd.views.evidence import activity_evidence

app_name = "cpd"

urlpatterns = [
    path("", views.index, name="index"),
    path("hours/", views.dashboard, name="dashboard"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/add/", views.activity_add, name="activity-add"),
    path("capture/", capture.capture, name="capture"),
    path("capture/send/", capture.capture_send, name="capture-send"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/reflection/", views.activity_reflection, name="activity-reflection"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/evidence/", activity_evidence, name="activity-evidence"),
    path("activities/counts/", counts.activity_counts, name="activity-counts"),
    path("activities/<int:pk>/counts/", counts.activity_counts, name="activity-counts-edit"),
    path("folders/", views.folder_list, name="folder-list"),
    path("folders/add/", views.folder_add, name="folder-add"),
    path("folders/<int:pk>/rename/", views.folder_rename, name="folder-rename"),
    path("folders/<int:pk>/delete/", views.folder_delete, name="folder-delete"),
    path("policies/", views.policy_status, name="policies"),
    path("policies/choose/", views.policy_choose, name="policy-choose"),
    path("emails/", views.email_settings, name="email-settings"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_new, name="report-new"),
    path("import/", views.import_start, name="import"),
    path("import/calendar/", views.calendar_upload, name="import-calendar"),
    path("import/calendar/drafts/", views.drafts, name="drafts"),
    path(
        "import/calendar/drafts/discard-all/",
        views.drafts_discard_all,
        name="drafts-discard-all",
    ),
]
