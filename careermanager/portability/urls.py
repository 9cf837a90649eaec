from django.urls import path

from careermanager.portability.views import account, data, exports, imports, legacy

app_name = "portability"

urlpatterns = [
    path("", data.index, name="index"),
    path("export/", exports.export_request, name="export-request"),
    path("export/<int:pk>/", exports.export_status, name="export-status"),
    path("export/<int:pk>/download/", exports.export_download, name="export-download"),
    path("schema/v1.json", data.export_schema, name="export-schema"),
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_status, name="import-status"),
    path("import/csv/", legacy.legacy_upload, name="legacy-csv"),
    path("import/csv/<int:pk>/", legacy.legacy_preview, name="legacy-preview"),
    path("import/csv/<int:pk>/cancel/", legacy.legacy_cancel, name="legacy-cancel"),
    path("import/csv/<int:pk>/progress/", legacy.legacy_status, name="legacy-status"),
    path("resume.json", data.json_resume, name="json-resume"),
    path("cpd-activities.csv", data.activities_csv, name="activities-csv"),
    path("training.csv", data.training_csv, name="training-csv"),
    path("delete/", account.delete_account, name="delete-account"),
    path("deleted/", account.deleted, name="deleted"),
]
