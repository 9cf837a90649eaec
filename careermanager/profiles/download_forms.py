"""The choices the profile's downloads ask for: CV sections, a period, a format."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from careermanager.core.forms import date_field
from careermanager.profiles.documents import CvSection
from careermanager.reports.forms import format_field
from careermanager.reports.renderers import OTHER_FORMAT_LABELS


class CvForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label="Sections to include",
        help_text="Sections you have not filled in yet are left out.",
        choices=CvSection.choices,
        initial=CvSection.values,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one section to include.",
            "invalid_choice": "Select sections from the list.",
        },
    )
    format = format_field("pdf", "docx")


class TrainingSummaryForm(forms.Form):
    start = date_field("Start of the period", help_text="For example 1 4 2024.")
    end = date_field("End of the period", help_text="Training completed on this day is included.")
    descriptions = forms.BooleanField(
        label="Include what each training covered (its description)", required=False
    )
    format = format_field("pdf", "docx")

    @classmethod
    def initial_period(cls, today: date | None = None) -> dict:
        """The last twelve months, ending today: the usual span of an appraisal."""
        today = today or timezone.localdate()
        try:
            a_year_ago = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            a_year_ago = today.replace(year=today.year - 1, day=28)
        return {"start": a_year_ago + timedelta(days=1), "end": today}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        latest = date(timezone.localdate().year + 1, 12, 31)
        if end and end > latest:
            self.add_error(
                "end",
                f"The end of the period must be on or before {latest.day} December {latest.year}.",
            )
        if start and end and end < start and "end" not in self.errors:
            self.add_error("end", "The end of the period must be the same as or after its start.")
        return cleaned


class OrgChartForm(forms.Form):
    format = format_field("pdf", "png", "svg", labels=OTHER_FORMAT_LABELS)
