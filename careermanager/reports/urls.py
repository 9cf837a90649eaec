from django.urls import path

from careermanager.reports import views

app_name = "reports"

urlpatterns = [
    path("cv/", views.cv, name="cv"),
    path("training-summary/", views.training_summary, name="training-summary"),
    path("organisation-chart/<int:pk>/", views.orgchart, name="orgchart"),
]
