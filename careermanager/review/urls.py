from django.urls import path

from careermanager.review.views import applications, member, staff

app_name = "review"

urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:year>/", staff.year, name="year"),
    path("<int:year>/sample/", staff.draw, name="draw"),
    path("<int:year>/outcomes.csv", staff.export, name="export"),
    path("cases/<int:pk>/", staff.case, name="case"),
    path("cases/<int:pk>/outcome/", staff.outcome, name="outcome"),
    path("cases/<int:pk>/declaration.pdf", staff.case_pdf, name="case-pdf"),
    path("my/<int:pk>/reply/", member.reply, name="reply"),
    # Registration: sent applications and intentions, read through registration's plug-in.
    path("applications/", applications.applications, name="applications"),
    path("applications/intentions/", applications.intentions, name="intentions"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/receive/", applications.receive, name="application-receive"),
    path("applications/<int:pk>/comment/", applications.comment, name="application-comment"),
    path("applications/<int:pk>/outcome/", applications.decide, name="application-decide"),
    path(
        "applications/<int:pk>/application.pdf",
        applications.application_pdf,
        name="application-pdf",
    ),
    path("my/<int:pk>/reply/file/", member.reply_document, name="reply-document"),
]
