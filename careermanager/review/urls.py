from django.urls import path

from careermanager.review.views import member, staff

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
    path("my/<int:pk>/reply/file/", member.reply_document, name="reply-document"),
]
