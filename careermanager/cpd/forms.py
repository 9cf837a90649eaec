"""Forms for recording CPD, choosing policies, making reports and importing files."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html_join

from careermanager.competence.queries import competences_assessed_by
from careermanager.core.forms import counted_textarea, date_field
from careermanager.core.uploads import MB, UploadRule, check_upload
from careermanager.cpd import links
from careermanager.cpd.documents import ReportKind
from careermanager.cpd.models import (
    DESCRIPTION_LIMIT,
    MAX_ACTIVITY_HOURS,
    REFLECTION_LIMIT,
    REFLECTION_PROMPTS,
    Activity,
    Folder,
    Institution,
    Policy,
    Topic,
)
from careermanager.reports.models import DocumentJob

CSV_UPLOAD = UploadRule(what="a CSV file", extensions=(".csv",), max_bytes=5 * MB)
CALENDAR_UPLOAD = UploadRule(what="an iCalendar file", extensions=(".ics",), max_bytes=2 * MB)
MAX_REPORT_YEARS = 50


class ActivityForm(forms.Form):
    """The quick form: what, when, how long; everything else can be added later."""

    type = forms.ChoiceField(
        label="Type of activity",
        choices=Activity.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of activity"},
    )
    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
        help_text="For example “IET lecture: grid-scale batteries” or “Read BS 7671 chapter 41”.",
    )
    start_date = date_field("Start date")
    end_date = date_field(
        "End date", required=False, help_text="Leave this empty if it took place on one day."
    )
    hours = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_value=MAX_ACTIVITY_HOURS,
        decimal_places=2,
        help_text="For example 1.5 for an hour and a half. A full day is usually 7.5 hours.",
        widget=forms.NumberInput(attrs={"step": "0.25", "class": "input--short"}),
        error_messages={
            "required": "Enter the number of hours",
            "invalid": "Enter the hours as a number, for example 1.5",
            "min_value": "The hours must be more than 0",
            "max_value": f"The hours must be {MAX_ACTIVITY_HOURS:,.0f} or fewer",
            "max_decimal_places": "Enter the hours to no more than 2 decimal places",
        },
    )
    folder = forms.ModelChoiceField(
        queryset=Folder.objects.none(),
        required=False,
        empty_label="No folder",
        help_text="Folders group your activities, for example by year.",
    )

    def __init__(self, *args, owner, allow_future: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_future = allow_future
        self.fields["folder"].queryset = Folder.objects.owned_by(owner)
        if not self.fields["folder"].queryset.exists():
            del self.fields["folder"]
        # What apps above CPD let the member say about the activity (cpd.links).
        links.add_fields(self, owner)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and start > timezone.localdate() and not self.allow_future:
            self.add_error("start_date", "The start date must be today or in the past")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return data


def version_field() -> forms.CharField:
    """The version of the activity the form was loaded from (services.activity_version)."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


class ActivityDetailsForm(ActivityForm):
    """Everything about an activity except its reflection."""

    version = version_field()

    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=counted_textarea(DESCRIPTION_LIMIT),
        help_text="What the activity was, who ran it, what it covered.",
        error_messages={
            "max_length": f"The description must be {DESCRIPTION_LIMIT:,} characters or fewer"
        },
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Some institutions ask for hours in particular topics.",
    )
    competences = forms.ModelMultipleChoiceField(
        label="Competences it gives evidence of",
        queryset=competences_assessed_by(None),  # none; each member's own in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the competence assessments you have started.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        competences = competences_assessed_by(owner)
        if competences.exists():
            field = self.fields["competences"]
            field.queryset = competences
            several = len({c.area.framework_id for c in competences}) > 1
            field.label_from_instance = lambda c: (
                f"{c.area.framework.category} {c}" if several else str(c)
            )
        else:
            del self.fields["competences"]


class ReflectionForm(forms.Form):
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prompt in REFLECTION_PROMPTS:
            self.fields[prompt.field] = forms.CharField(
                label=prompt.question,
                help_text=prompt.hint,
                required=False,
                max_length=REFLECTION_LIMIT,
                widget=counted_textarea(REFLECTION_LIMIT, rows=4),
                error_messages={
                    "max_length": f"The answer must be {REFLECTION_LIMIT:,} characters or fewer"
                },
            )

    def clean(self):
        data = super().clean()
        answers = [value for name, value in data.items() if name != "version"]
        if not self.errors and not any(value.strip() for value in answers):
            raise ValidationError("Answer at least one question")
        return data


class FolderForm(forms.Form):
    name = forms.CharField(
        label="Folder name",
        max_length=100,
        help_text="For example “CPD Activities 2026”.",
        error_messages={
            "required": "Enter a name for the folder",
            "max_length": "The name must be 100 characters or fewer",
        },
    )

    def __init__(self, *args, owner, folder: Folder | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.folder = owner, folder

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Folder.objects.owned_by(self.owner).filter(name__iexact=name)
        if self.folder is not None:
            others = others.exclude(pk=self.folder.pk)
        if others.exists():
            raise ValidationError("You already have a folder with this name")
        return name


class ActivityFilterForm(forms.Form):
    """Filters for the activity list; kept in the URL so a filtered list can be shared."""

    NEEDS_REFLECTION = "needed"

    folder = forms.ChoiceField(required=False)
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *Activity.Type.choices]
    )
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    reflection = forms.ChoiceField(
        required=False,
        choices=[("", "All activities"), (NEEDS_REFLECTION, "Only those needing a reflection")],
    )

    def __init__(self, *args, folders, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].choices = [
            ("", "All folders"),
            ("none", "Not in a folder"),
            *((str(folder.pk), folder.name) for folder in folders),
        ]
        self.fields["year"].choices = [("", "All years"), *((year, year) for year in years)]

    def filter(self, activities):
        if not self.is_valid():
            return activities
        data = self.cleaned_data
        if data["folder"] == "none":
            activities = activities.filter(folder__isnull=True)
        elif data["folder"]:
            activities = activities.filter(folder_id=int(data["folder"]))
        if data["type"]:
            activities = activities.filter(type=data["type"])
        if data["year"]:
            activities = activities.in_year(data["year"])
        if data["reflection"] == self.NEEDS_REFLECTION:
            activities = activities.lacking_reflection()
        return activities

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class PolicyChoiceForm(forms.Form):
    """One group of radio buttons per institution: which of its policies, if any, you follow."""

    NONE = "none"

    def __init__(self, *args, institutions: list[Institution], followed: list[Policy], **kwargs):
        super().__init__(*args, **kwargs)
        followed_ids = {policy.pk for policy in followed}
        self.institutions = institutions
        self.policies: dict[int, Policy] = {}
        for institution in institutions:
            policies = [
                policy
                for policy in institution.policies.all()
                if policy.is_active or policy.pk in followed_ids
            ]
            if not policies:
                continue
            self.policies |= {policy.pk: policy for policy in policies}
            current = next((str(p.pk) for p in policies if p.pk in followed_ids), self.NONE)
            self.fields[f"institution_{institution.pk}"] = forms.ChoiceField(
                label=institution.name,
                choices=[
                    (self.NONE, f"I do not follow the {institution.short_name} policy"),
                    *((str(policy.pk), policy.name) for policy in policies),
                ],
                widget=forms.RadioSelect,
                initial=current,
                help_text=format_html_join(
                    " ", "<strong>{}</strong>: {}", ((p.name, p.description) for p in policies)
                ),
                error_messages={"required": f"Choose an option for {institution.short_name}"},
            )

    def chosen(self) -> list[Policy]:
        return [
            self.policies[int(value)]
            for name, value in self.cleaned_data.items()
            if name.startswith("institution_") and value and value != self.NONE
        ]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of report",
        choices=[
            (ReportKind.SUMMARY, "Summary: a table of your activities with totals by type"),
            (
                ReportKind.DETAILED,
                "Detailed: also includes each description and reflection",
            ),
        ],
        widget=forms.RadioSelect,
        initial=ReportKind.SUMMARY,
        error_messages={"required": "Choose the type of report"},
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=[
            (DocumentJob.Format.PDF, "PDF, to read, print or send"),
            (DocumentJob.Format.DOCX, "Word, to edit"),
        ],
        widget=forms.RadioSelect,
        initial=DocumentJob.Format.PDF,
        error_messages={"required": "Choose a format"},
    )
    start_date = date_field("Start date", help_text="Activities completed on or after this date.")
    end_date = date_field("End date", help_text="Activities completed on or before this date.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error(
                    "end_date", "The end date must be the same as or after the start date"
                )
            elif end.year - start.year > MAX_REPORT_YEARS:
                self.add_error("start_date", f"Choose a period of {MAX_REPORT_YEARS} years or less")
        return data

    @staticmethod
    def initial_for(today: date) -> dict:
        return {"start_date": date(today.year, 1, 1), "end_date": today}


class LegacyCsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A .csv file saved as UTF-8, smaller than 5 MB.",
        error_messages={
            "required": "Choose a CSV file to upload",
            "empty": "The file you chose is empty",
        },
        widget=forms.ClearableFileInput(attrs={"accept": CSV_UPLOAD.accept}),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], CSV_UPLOAD)


class CalendarForm(forms.Form):
    file = forms.FileField(
        label="Calendar file",
        help_text="An .ics file exported from your calendar, smaller than 2 MB.",
        error_messages={
            "required": "Choose a calendar file to upload",
            "empty": "The file you chose is empty",
        },
        widget=forms.ClearableFileInput(attrs={"accept": CALENDAR_UPLOAD.accept}),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], CALENDAR_UPLOAD)


class ConfirmImportForm(forms.Form):
    skip_problems = forms.BooleanField(
        required=False,
        label="Import the rows that could be read and leave out the rows listed above",
    )


class DraftSelectionForm(forms.Form):
    CONFIRM, DISCARD = "confirm", "discard"

    selected = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one calendar event"},
    )
    action = forms.ChoiceField(choices=[(CONFIRM, "Confirm"), (DISCARD, "Discard")])

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(draft.pk, draft.title) for draft in drafts]


class EmailSettingsForm(forms.Form):
    pace_reminders = forms.BooleanField(
        label="Email me when I am behind my CPD policy's pace",
        required=False,
        help_text="Sent before your policy's period closes, once at each point.",
    )
    reflection_note = forms.BooleanField(
        label="Email me a monthly note of activities without a reflection",
        required=False,
        help_text="Sent at most once a month, only when there are some.",
    )
