from django.urls import path

from careermanager.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/download/", views.document_download, name="download"),
    path("<int:pk>/remove/", views.document_remove, name="remove"),
]
