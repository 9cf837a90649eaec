"""The forms of the declaration: starting one, each section of the checklist, and submitting."""

from django import forms

from careermanager.core.forms import counted_textarea, date_field
from careermanager.declarations.models import (
    COMMENTS_LIMIT,
    REASON_LIMIT,
    Compliance,
    EmploymentStatus,
    Selection,
)


class StartForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Year under review",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the year you are declaring.",
            "invalid_choice": "Choose one of the years that are open.",
        },
    )
    agree = forms.BooleanField(
        label="I agree that my CPD declaration may be reviewed as part of the institution's "
        "CPD monitoring",
        error_messages={"required": "Agree to CPD monitoring to start your declaration."},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class AcknowledgeForm(forms.Form):
    acknowledge = forms.BooleanField(
        label="My CPD reports are up to date and I am happy to include them in my declaration",
        error_messages={"required": "Confirm that your CPD reports are up to date."},
    )


class HoursForm(forms.Form):
    confirm = forms.BooleanField(
        label="These totals are correct",
        error_messages={"required": "Confirm that your totals are correct."},
    )


class EmploymentStatusForm(forms.Form):
    employment_status = forms.ChoiceField(
        label="Your employment status during the year",
        choices=EmploymentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your employment status."},
    )
    employment_comments = forms.CharField(
        label="Comments",
        required=False,
        max_length=COMMENTS_LIMIT,
        widget=counted_textarea(COMMENTS_LIMIT),
        help_text="If you were not professionally active, say why: for example a career "
        "break, caring, study, illness or retirement.",
        error_messages={"max_length": f"Comments must be {COMMENTS_LIMIT} characters or fewer."},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("employment_status") == EmploymentStatus.NOT_ACTIVE
            and not cleaned.get("employment_comments", "").strip()
        ):
            self.add_error(
                "employment_comments",
                "Say why you were not professionally active during the year.",
            )
        return cleaned


class SelectionForm(forms.Form):
    """All of a list of records, or the ones chosen (employment history, academic study)."""

    selection = forms.ChoiceField(
        label="Which to include",
        choices=Selection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to include all of them."},
    )
    chosen = forms.TypedMultipleChoiceField(
        label="Choose which to include",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from your own records."},
    )

    def __init__(self, *args, choices: list[tuple[int, str]], noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.noun = noun
        self.fields["selection"].label = f"Which {noun} to include"
        self.fields["selection"].choices = [
            (Selection.ALL, f"All my {noun}"),
            (Selection.CHOSEN, f"Only the {noun} I choose below"),
        ]
        self.fields["chosen"].label = f"Choose the {noun} to include"
        self.fields["chosen"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("selection") == Selection.CHOSEN and not cleaned.get("chosen"):
            self.add_error("chosen", f"Choose at least one, or include all your {self.noun}.")
        return cleaned


class ComplianceForm(forms.Form):
    compliance = forms.ChoiceField(
        label="Have you met your institution's CPD policy for the year?",
        choices=Compliance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you have met the CPD policy."},
    )
    compliance_reason = forms.CharField(
        label="Why you have not met it",
        required=False,
        max_length=REASON_LIMIT,
        widget=counted_textarea(REASON_LIMIT),
        help_text="Needed if you have not met the policy: for example time out of work, "
        "illness or caring.",
        error_messages={"max_length": f"The reason must be {REASON_LIMIT} characters or fewer."},
    )
    out_of_work_from = date_field(
        "Date you stopped work",
        required=False,
        help_text="If you have not met the policy and were out of work during the year.",
    )
    out_of_work_to = date_field(
        "Date you started work again",
        required=False,
        help_text="Leave empty if you have not started again.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("compliance") == Compliance.NOT_MET:
            if not cleaned.get("compliance_reason", "").strip():
                self.add_error("compliance_reason", "Say why you have not met the CPD policy.")
            stopped, started = cleaned.get("out_of_work_from"), cleaned.get("out_of_work_to")
            if stopped and started and started < stopped:
                self.add_error(
                    "out_of_work_to",
                    "The date you started work again must be on or after the date you stopped.",
                )
        return cleaned


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm that the information in this declaration is true and complete",
        error_messages={"required": "Confirm that your declaration is true and complete."},
    )


class FormatForm(forms.Form):
    file_format = forms.ChoiceField(choices=[("pdf", "PDF"), ("docx", "Word")])
