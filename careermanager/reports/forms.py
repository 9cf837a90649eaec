"""Form fields every download page shares: the choice of format, and dates for a period.

Apps build their download forms from these (``careermanager.profiles.download_forms``,
``careermanager.cpd.forms``), so formats are named and dates entered the same way everywhere.
"""

from datetime import date

from django import forms

from careermanager.reports.renderers import FORMAT_LABELS

# The earliest date a period may start: records are no older.
EARLIEST = date(1900, 1, 1)


def format_field(*formats: str, labels: dict[str, str] | None = None) -> forms.ChoiceField:
    """Radio buttons for some of FORMAT_LABELS' formats, the first chosen by default."""
    labels = FORMAT_LABELS | (labels or {})
    return forms.ChoiceField(
        label="Format",
        choices=[(name, labels[name]) for name in formats],
        widget=forms.RadioSelect,
        initial=formats[0],
        error_messages={
            "required": "Select a format.",
            "invalid_choice": "Select "
            + " or ".join(FORMAT_LABELS[name] for name in formats)
            + ".",
        },
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(attrs={"class": "input--short"}, format="%Y-%m-%d")


def date_field(label: str, help_text: str) -> forms.DateField:
    lower = label.lower()
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        error_messages={
            "required": f"Enter the {lower}.",
            "invalid": f"The {lower} must be a real date, for example 27 3 2024.",
        },
    )
