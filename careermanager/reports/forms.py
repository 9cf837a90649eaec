"""Form fields every download page shares: the choice of format.

Apps build their download forms from these (``careermanager.profiles.download_forms``,
``careermanager.cpd.forms``), so formats are named the same way everywhere. Dates come from
``careermanager.core.forms.date_field``, which keeps a period within the plausible years
(``careermanager.core.dates``).
"""

from django import forms

from careermanager.reports.renderers import FORMAT_LABELS


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
            "invalid_choice": "Select " + " or ".join(labels[name] for name in formats) + ".",
        },
    )
