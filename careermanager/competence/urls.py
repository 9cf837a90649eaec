from django.urls import path

from careermanager.competence.views import (
    assessments,
    downloads,
    frameworks,
    guest,
    index,
    job_profiles,
    next_grade,
    verification,
)

app_name = "competence"

urlpatterns = [
    path("", index.index, name="index"),
    # Professional registration assessment
    path("assessments/", assessments.assessment_list, name="assessment-list"),
    path("assessments/start/", assessments.assessment_start, name="assessment-start"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path(
        "assessments/<int:pk>/summary/", assessments.assessment_summary, name="assessment-summary"
    ),
    path("assessments/<int:pk>/next-grade/", next_grade.next_grade_page, name="next-grade"),
    path(
        "assessments/<int:pk>/competences/<str:code>/",
        assessments.assessment_competence,
        name="assessment-competence",
    ),
    path(
        "assessments/<int:pk>/download/<str:format>/",
        downloads.assessment_download,
        name="assessment-download",
    ),
    # Verification by a mentor or line manager
    path(
        "assessments/<int:pk>/verification/",
        verification.verification_list,
        name="verification-list",
    ),
    path(
        "assessments/<int:pk>/verification/new/",
        verification.verification_new,
        name="verification-new",
    ),
    path(
        "assessments/<int:pk>/verification/<int:ticket_pk>/revoke/",
        verification.verification_revoke,
        name="verification-revoke",
    ),
    # The verifier's pages, opened through an emailed guest ticket (core:guest-start)
    path("guest/assessment/", guest.guest_assessment, name="guest-assessment"),
    path("guest/assessment/comment/", guest.guest_overall, name="guest-overall"),
    path(
        "guest/assessment/competences/<str:code>/",
        guest.guest_competence,
        name="guest-competence",
    ),
    # Job profiles
    path("job-profiles/", job_profiles.job_profile_list, name="job-profile-list"),
    path("job-profiles/new/", job_profiles.job_profile_new, name="job-profile-new"),
    path("job-profiles/<int:pk>/", job_profiles.job_profile_detail, name="job-profile-detail"),
    path("job-profiles/<int:pk>/edit/", job_profiles.job_profile_edit, name="job-profile-edit"),
    path(
        "job-profiles/<int:pk>/delete/",
        job_profiles.job_profile_delete,
        name="job-profile-delete",
    ),
    path(
        "job-profiles/<int:pk>/download/<str:format>/",
        downloads.job_profile_download,
        name="job-profile-download",
    ),
    path(
        "job-profiles/<int:pk>/competences/add/",
        job_profiles.job_profile_item_add,
        name="job-profile-item-add",
    ),
    path(
        "job-profiles/<int:pk>/competences/<int:item_pk>/",
        job_profiles.job_profile_item_assess,
        name="job-profile-item-assess",
    ),
    path(
        "job-profiles/<int:pk>/competences/<int:item_pk>/target/",
        job_profiles.job_profile_item_edit,
        name="job-profile-item-edit",
    ),
    path(
        "job-profiles/<int:pk>/competences/<int:item_pk>/remove/",
        job_profiles.job_profile_item_remove,
        name="job-profile-item-remove",
    ),
    # Staff: frameworks
    path("frameworks/", frameworks.framework_list, name="framework-list"),
    path("frameworks/import/", frameworks.framework_import, name="framework-import"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework-detail"),
    path("frameworks/<int:pk>/retire/", frameworks.framework_retire, name="framework-retire"),
    path(
        "frameworks/<int:pk>/expected-level/",
        frameworks.framework_expected_level,
        name="framework-expected-level",
    ),
]
