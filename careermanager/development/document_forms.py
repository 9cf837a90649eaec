"""What the development downloads ask for: a format and a period."""

from datetime import date

from django import forms
from django.utils import timezone

from careermanager.core.forms import date_field
from careermanager.reports.forms import format_field


def _check_period(form: forms.Form, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        form.add_error("end", "The end date must be the same as or after the start date.")


class HistoryForm(forms.Form):
    file_format = format_field("pdf", "docx")
    start = date_field(
        "Start date",
        required=False,
        help_text="Leave both dates empty for every objective you have completed.",
    )
    end = date_field(
        "End date", required=False, help_text="Objectives completed on this day count."
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if "start" not in self.errors and "end" not in self.errors:
            if start and not end:
                self.add_error("end", "Enter the end date too, or leave both dates empty.")
            elif end and not start:
                self.add_error("start", "Enter the start date too, or leave both dates empty.")
        _check_period(self, start, end)
        return cleaned


class PlanningReportForm(forms.Form):
    start = date_field("Start date", help_text="For example 1 1 2025.")
    end = date_field("End date", help_text="This day is included.")
    completed_only = forms.BooleanField(
        label="Only what I completed within these dates",
        help_text="Leave this out to include everything that was open during the period too.",
        required=False,
    )
    file_format = format_field("pdf", "docx")

    @staticmethod
    def initial_period(today: date | None = None) -> dict:
        """The current calendar year."""
        year = (today or timezone.localdate()).year
        return {"start": date(year, 1, 1), "end": date(year, 12, 31)}

    def clean(self):
        cleaned = super().clean()
        _check_period(self, cleaned.get("start"), cleaned.get("end"))
        return cleaned
