"""How every form in the service renders, binds and reports errors.

One way to bind a form in a view, so that an empty POST is validated (and shows its errors)
while a GET shows the blank form:

    form = ActivityForm(posted(request), initial=...)
    form = ImportForm(*posted(request, files=True))

A service's ``ValidationError`` goes back onto the form with ``apply_errors(form, error)``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.deconstruct import deconstructible

from careermanager.core.dates import check_plausible


class FormRenderer(TemplatesSetting):
    field_template_name = "core/forms/field.html"
    form_template_name = "core/forms/form.html"


def posted(request, *, files: bool = False):
    """The submitted data, or None for a GET, so that an empty POST is validated too."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation errors on the form: by field where it has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """A browser date picker that still accepts typed dates; short, as dates are."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=(attrs or {}) | {"class": "input--short"}, format="%Y-%m-%d")


@deconstructible
class PlausibleDate:
    """Refuse a date outside the service's range, naming the field: no year 1, no year 9999."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value) -> None:
        check_plausible(value, label=self.label)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDate) and other.label == self.label


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date with messages that name it: 'Enter the start date', 'The start date must be…'."""
    lower = label[0].lower() + label[1:]
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        validators=[PlausibleDate(lower)],
        error_messages={
            "required": f"Enter the {lower}.",
            "invalid": f"The {lower} must be a real date, for example 27 3 2024.",
        },
    )


def counted_textarea(limit: int, rows: int = 5) -> forms.Textarea:
    """A textarea with a live "characters remaining" count (the server checks the same limit)."""
    return forms.Textarea(attrs={"maxlength": limit, "data-count": "", "rows": rows})
