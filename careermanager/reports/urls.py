from django.urls import path

from careermanager.reports import views

app_name = "reports"

urlpatterns = [
    path("jobs/<int:pk>/", views.job_status, name="job-status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
]
