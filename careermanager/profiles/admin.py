from django.contrib import admin

from careermanager.profiles import models


class OwnedAdmin(admin.ModelAdmin):
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    search_fields = ["owner__email", "owner__full_name"]


@admin.register(models.PersonalDetails)
class PersonalDetailsAdmin(OwnedAdmin):
    list_display = ["owner", "first_name", "last_name", "town", "updated_at"]


@admin.register(models.MembershipDetails)
class MembershipDetailsAdmin(OwnedAdmin):
    list_display = ["owner", "membership_number", "grade", "registration_titles", "updated_at"]
    list_filter = ["grade"]
    raw_id_fields = ["owner", "updated_by"]
    search_fields = [*OwnedAdmin.search_fields, "membership_number"]


class AccountabilityPersonInline(admin.TabularInline):
    model = models.AccountabilityPerson
    extra = 0


@admin.register(models.Employment)
class EmploymentAdmin(OwnedAdmin):
    list_display = ["job_title", "employer", "owner", "start_date", "end_date", "is_current"]
    list_filter = ["employment_type", "is_current"]
    inlines = [AccountabilityPersonInline]


@admin.register(models.Education)
class EducationAdmin(OwnedAdmin):
    list_display = ["course", "institution", "owner", "qualification_type", "start_date"]
    list_filter = ["qualification_type", "accredited"]


@admin.register(models.DevelopmentScheme)
class DevelopmentSchemeAdmin(OwnedAdmin):
    list_display = ["name", "provider", "owner", "kind", "status", "start_date"]
    list_filter = ["kind", "status", "accredited"]


@admin.register(models.Training)
class TrainingAdmin(OwnedAdmin):
    list_display = ["title", "owner", "kind", "start_date", "hours"]
    list_filter = ["kind"]
    date_hierarchy = "start_date"


@admin.register(models.Achievement)
class AchievementAdmin(OwnedAdmin):
    list_display = ["title", "owner", "kind", "date"]
    list_filter = ["kind"]
