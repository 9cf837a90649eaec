"""Administrators edit the CPD policies here; members' records are theirs alone."""

from django import forms
from django.contrib import admin

from careermanager.cpd.categories import Category
from careermanager.cpd.models import Institution, Policy, PolicyRule, Topic


class PolicyRuleForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The TWAVES categories the rule covers; none means every category.",
    )

    class Meta:
        model = PolicyRule
        fields = ["kind", "label", "hours", "categories", "topics", "order"]


class PolicyRuleInline(admin.StackedInline):
    model = PolicyRule
    form = PolicyRuleForm
    extra = 0
    filter_horizontal = ["topics"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "institution",
        "period_years",
        "total_minimum_hours",
        "carry_over_max_hours",
        "requires_reflection",
        "is_active",
    ]
    list_filter = ["institution", "is_active"]
    search_fields = ["name", "code", "institution__name"]
    inlines = [PolicyRuleInline]


class PolicyInline(admin.TabularInline):
    model = Policy
    fields = ["name", "code", "period_years", "total_minimum_hours", "is_active", "order"]
    extra = 0
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order"]
    inlines = [PolicyInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    prepopulated_fields = {"code": ["name"]}
