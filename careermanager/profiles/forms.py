"""Forms for the profile: plain words for every error, the same limits as the database."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

from careermanager.core.forms import DateInput, PlausibleDate
from careermanager.profiles.models import (
    LONG_TEXT_GUIDANCE,
    LONG_TEXT_LIMIT,
    MAX_TRAINING_HOURS,
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)

FIRST_PERSON_HINT = (
    "Write in the first person about what you did yourself, for example "
    "“I designed…”, “I led…”, “I analysed…”. About {guidance:,} characters is usually "
    "enough; you can write up to {limit:,}."
)


@deconstructible
class LengthLimit(MaxLengthValidator):
    """'Responsibilities must be 5,000 characters or fewer (you have 50,000)'."""

    def __init__(self, limit_value, label: str):
        super().__init__(limit_value)
        self.label = label

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                f"{self.label} must be {self.limit_value:,} characters or fewer "
                f"(you have {length:,}).",
                code=self.code,
            )

    def __eq__(self, other):
        return isinstance(other, LengthLimit) and (self.limit_value, self.label) == (
            other.limit_value,
            other.label,
        )


def limit_length(field: forms.Field, label: str) -> None:
    """Give a field with a max_length the friendly message and, on a textarea, a counter."""
    max_length = getattr(field, "max_length", None)
    if not max_length:
        return
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)] + [
        LengthLimit(max_length, label)
    ]
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs.update({"maxlength": max_length, "data-count": ""})
    else:
        # Let the server explain an overlong value instead of the browser cutting it short.
        field.widget.attrs.pop("maxlength", None)


class ProfileForm(forms.ModelForm):
    """Every profile form: friendly 'Enter…' messages and 'N characters or fewer' limits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name)
            lower = label[0].lower() + label[1:]
            if isinstance(field, forms.ChoiceField | forms.BooleanField):
                field.error_messages["required"] = f"Select the {lower}."
            else:
                field.error_messages["required"] = f"Enter the {lower}."
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = (
                    f"The {lower} must be a real date, for example 27 3 2024."
                )
                field.widget = DateInput(attrs=field.widget.attrs)
                field.validators = [*field.validators, PlausibleDate(lower)]
                field.widget.is_required = field.required
            limit_length(field, label)


def first_person_textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 10})


class PersonalDetailsForm(ProfileForm):
    class Meta:
        model = PersonalDetails
        fields = [
            "title",
            "first_name",
            "last_name",
            "preferred_name",
            "address_line_1",
            "address_line_2",
            "address_line_3",
            "town",
            "postcode",
            "country",
            "phone",
            "contact_email",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "address_line_1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line_2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "address_line_3": forms.TextInput(attrs={"autocomplete": "address-line3"}),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }


class MembershipDetailsForm(ProfileForm):
    class Meta:
        model = MembershipDetails
        fields = ["membership_number", "grade", "registration_titles", "member_since"]
        help_texts = {
            "registration_titles": "As they appear after the member's name, for example "
            "“CEng MIET”. These appear on the member's CV and accountability diagram.",
        }


class EmploymentForm(ProfileForm):
    class Meta:
        model = Employment
        fields = [
            "employer",
            "job_title",
            "location",
            "employment_type",
            "start_date",
            "is_current",
            "end_date",
            "responsibilities",
            "achievements",
        ]
        widgets = {
            "employment_type": forms.RadioSelect,
            "responsibilities": first_person_textarea(),
            "achievements": first_person_textarea(),
        }
        help_texts = {
            "employment_type": "Record volunteering, industrial placements, gap years and "
            "apprenticeships here too, so they appear on your CV.",
            "is_current": "Tick if you still work here, and leave the end date empty.",
            "end_date": "Leave empty if this is your current role.",
            "responsibilities": "What you were responsible for: the work, the people, the "
            "budgets and the decisions. "
            + FIRST_PERSON_HINT.format(guidance=LONG_TEXT_GUIDANCE, limit=LONG_TEXT_LIMIT),
            "achievements": "What you achieved in this role and how it shows your "
            "competence. "
            + FIRST_PERSON_HINT.format(guidance=LONG_TEXT_GUIDANCE, limit=LONG_TEXT_LIMIT),
        }


class EducationForm(ProfileForm):
    class Meta:
        model = Education
        fields = [
            "institution",
            "course",
            "qualification_type",
            "classification",
            "start_date",
            "end_date",
            "awarded_date",
            "accredited",
        ]
        help_texts = {
            "institution": "The university, college, school or training provider.",
            "course": "For example “Electrical and Electronic Engineering”.",
            "qualification_type": "If your qualification is not in the list, leave this "
            "empty and describe it in the course name.",
            "end_date": "Leave empty if you are still studying.",
            "awarded_date": "Leave empty if it has not been awarded yet.",
        }


class DevelopmentSchemeForm(ProfileForm):
    class Meta:
        model = DevelopmentScheme
        fields = [
            "name",
            "provider",
            "kind",
            "accredited",
            "start_date",
            "end_date",
            "status",
            "description",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "name": "For example “Graduate Engineer Development Programme”.",
            "accredited": "Tick if a professional engineering institution has accredited "
            "the scheme, for example as an IET Accredited Professional Development scheme.",
            "end_date": "Leave empty if you are still on the scheme.",
            "description": "What the scheme involved: placements, training, mentoring.",
        }


class TrainingForm(ProfileForm):
    class Meta:
        model = Training
        fields = ["title", "kind", "provider", "start_date", "end_date", "hours", "description"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "kind": "Include on-the-job learning, shadowing and secondments, and your "
            "employer's mandatory training such as health and safety or wiring regulations.",
            "provider": "Who ran it: a training company, your employer, a university.",
            "end_date": "Leave empty if it took place on one day.",
            "hours": "The time you spent learning, in hours, for example 7.5 for a day's "
            "course. Training counts towards your CPD hours.",
            "description": "What you learnt and how you use it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = self.fields["hours"]
        hours.widget.attrs.update({"class": "input--short", "inputmode": "decimal"})
        hours.widget.attrs.pop("step", None)
        hours.error_messages.update(
            {
                "invalid": "Hours must be a number, for example 7.5.",
                "max_decimal_places": "Hours can have at most 2 decimal places.",
                "max_digits": f"Hours must be {MAX_TRAINING_HOURS:,} or fewer.",
                "max_whole_digits": f"Hours must be {MAX_TRAINING_HOURS:,} or fewer.",
            }
        )

    def clean_hours(self) -> Decimal:
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise ValidationError("Hours must be more than 0.")
        if hours > MAX_TRAINING_HOURS:
            raise ValidationError(f"Hours must be {MAX_TRAINING_HOURS:,} or fewer.")
        return hours


class AchievementForm(ProfileForm):
    class Meta:
        model = Achievement
        fields = ["kind", "title", "date", "reference", "details"]
        widgets = {
            "kind": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "kind": "Membership activity includes serving on committees and boards, "
            "for example a Young Professionals board.",
            "title": "The patent or paper title, or the name of the award or role.",
            "date": "When it was granted, published or awarded, or when the role began.",
            "details": "What it was and your part in it.",
        }


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, email address or membership number",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


# Accountabilities ---------------------------------------------------------------------------

MAX_REPORTS = 40
EMPTY_REPORT_ROWS = 3
ABOVE_LEGENDS = {
    1: "Your line manager (level 1)",
    2: "Your line manager's manager (level 2)",
    3: "The next level up (level 3)",
}
ABOVE_WHO = {1: "your line manager", 2: "your line manager's manager", 3: "the level 3 manager"}


class PersonForm(forms.Form):
    """One person in the accountability diagram; a row left empty is ignored."""

    name = forms.CharField(label="Name", max_length=150, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    registration = forms.CharField(
        label="Registration and membership",
        max_length=100,
        required=False,
        help_text="For example CEng FIET. Leave empty if they have none.",
    )
    who = "this person"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit_length(field, str(field.label))

    @property
    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("name")) and not data.get("DELETE")

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("DELETE")
            and not cleaned.get("name")
            and (cleaned.get("job_title") or cleaned.get("registration"))
            and "name" not in self.errors
        ):
            self.add_error("name", f"Enter the name of {self.who}, or clear this row.")
        return cleaned


class AbovePersonForm(PersonForm):
    def __init__(self, *args, level: int, **kwargs):
        super().__init__(*args, prefix=f"above-{level}", **kwargs)
        self.level = level
        self.legend = ABOVE_LEGENDS[level]
        self.who = ABOVE_WHO[level]


class BaseReportFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": "A diagram can show up to %(num)d people who report to you. "
        "Leave out people who report to someone else in your team.",
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this person from the diagram"
        form.who = "this person" if index is None else f"person {index + 1}"


ReportFormSet = forms.formset_factory(
    PersonForm,
    formset=BaseReportFormSet,
    extra=EMPTY_REPORT_ROWS,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_REPORTS,
    validate_max=True,
    absolute_max=MAX_REPORTS + EMPTY_REPORT_ROWS,
)


def check_levels_above(above_forms: list[AbovePersonForm]) -> bool:
    """Levels must be filled from the line manager upwards, with no gap."""
    ok = True
    highest = max((f.level for f in above_forms if f.is_filled), default=0)
    for form in above_forms:
        if form.level < highest and not form.is_filled and "name" not in form.errors:
            form.add_error(
                "name",
                f"Enter the name of {form.who}: the diagram needs every level below "
                "the highest one you filled in.",
            )
            ok = False
    return ok
