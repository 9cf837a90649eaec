from django.urls import path

from careermanager.development.views import calendar, documents, objectives, plan

app_name = "development"

urlpatterns = [
    path("", plan.index, name="index"),
    path("review/", plan.review, name="review"),
    path("history/", plan.history, name="history"),
    path("settings/", plan.settings, name="settings"),
    # Objectives and their actions
    path("objectives/new/", objectives.objective_new, name="objective-new"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective-detail"),
    path("objectives/<int:pk>/edit/", objectives.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/status/", objectives.objective_status, name="objective-status"),
    path("objectives/<int:pk>/delete/", objectives.objective_delete, name="objective-delete"),
    path("objectives/<int:pk>/actions/new/", objectives.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", objectives.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", objectives.action_status, name="action-status"),
    path("actions/<int:pk>/delete/", objectives.action_delete, name="action-delete"),
    # Documents: development history and the CPD planning report
    path("history/download/", documents.history_download, name="history-download"),
    path("planning-report/", documents.planning_report, name="planning-report"),
    # The member's private calendar feed
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/reset/", calendar.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
