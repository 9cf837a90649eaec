from django.urls import path

from careermanager.registration.views import (
    application,
    attesters,
    downloads,
    guest,
    intentions,
    staff,
    supporters,
)

app_name = "registration"

urlpatterns = [
    path("", intentions.index, name="index"),
    path("supporters/", supporters.supporter_list, name="supporter-list"),
    path("supporters/add/", supporters.supporter_add, name="supporter-add"),
    path("supporters/<int:pk>/", supporters.supporter_edit, name="supporter-edit"),
    path("supporters/<int:pk>/remove/", supporters.supporter_delete, name="supporter-delete"),
    path("intention/start/", intentions.intention_start, name="intention-start"),
    path("intention/<int:pk>/", intentions.intention_detail, name="intention-detail"),
    path("intention/<int:pk>/category/", intentions.intention_category, name="intention-category"),
    path(
        "intention/<int:pk>/supporters/",
        intentions.intention_supporters,
        name="intention-supporters",
    ),
    path("intention/<int:pk>/note/", intentions.intention_note, name="intention-note"),
    path("intention/<int:pk>/check/", intentions.intention_check, name="intention-check"),
    path("intention/<int:pk>/submit/", intentions.intention_submit, name="intention-submit"),
    path("staff/intentions/", staff.intention_list, name="staff-intentions"),
    path("staff/intentions/<int:pk>/", staff.intention_detail, name="staff-intention"),
]
# The application's pages, each module listing its own: drafting (application), attesters
# as the member manages them (attesters), downloads and read-only sharing (downloads), the
# attesters' own pages opened by their guest tickets (guest), and the staff's lists (staff).
urlpatterns += application.urlpatterns
urlpatterns += attesters.urlpatterns
urlpatterns += downloads.urlpatterns
urlpatterns += guest.urlpatterns
urlpatterns += staff.urlpatterns
