from django.urls import path

from careermanager.profiles.views import downloads, orgchart, overview, records, staff

app_name = "profiles"

urlpatterns = [
    path("", overview.index, name="index"),
    path("personal-details/", overview.personal_details, name="personal-details"),
    path("membership/", overview.membership, name="membership"),
    path("employment/<int:pk>/", records.employment_detail, name="employment-detail"),
    path(
        "employment/<int:pk>/accountabilities/",
        orgchart.accountabilities,
        name="accountabilities",
    ),
    path("organisation-chart/", orgchart.orgchart, name="orgchart"),
    path("download/cv/", downloads.cv, name="cv-download"),
    path("download/training-summary/", downloads.training_summary, name="training-summary"),
    path("download/organisation-chart/<int:pk>/", downloads.orgchart, name="orgchart-download"),
    path("download/organisation-charts/", downloads.orgcharts, name="orgcharts-download"),
    path("staff/members/", staff.member_search, name="staff-members"),
    path("staff/members/<int:pk>/membership/", staff.membership_edit, name="staff-membership"),
]

# The CV's lists share one set of views: /profile/<section>/, add/, <pk>/edit/, <pk>/delete/.
for _prefix, _section in [
    ("employment", "employment"),
    ("education", "education"),
    ("schemes", "scheme"),
    ("training", "training"),
    ("achievements", "achievement"),
]:
    _extra = {"section": _section}
    urlpatterns += [
        path(f"{_prefix}/", records.record_list, _extra, name=f"{_section}-list"),
        path(f"{_prefix}/add/", records.record_add, _extra, name=f"{_section}-add"),
        path(f"{_prefix}/<int:pk>/edit/", records.record_edit, _extra, name=f"{_section}-edit"),
        path(
            f"{_prefix}/<int:pk>/delete/", records.record_delete, _extra, name=f"{_section}-delete"
        ),
    ]
