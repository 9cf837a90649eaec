"""How every form in the service renders: label, hint, error and field in one pattern."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "core/forms/field.html"
    form_template_name = "core/forms/form.html"
