"""The forms of supporters and of the intention to register."""

from django import forms

from careermanager.core.forms import counted_textarea
from careermanager.registration.models import (
    NOTE_LIMIT,
    RegistrationCategory,
    Relationship,
    Route,
    Timescale,
)


class SupporterForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your supporter's full name."},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Where they can be contacted about your registration.",
        error_messages={
            "required": "Enter your supporter's email address.",
            "invalid": "Enter an email address in the right form, like name@example.com.",
        },
    )
    relationship = forms.ChoiceField(
        label="Their relationship to you",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how this person knows you."},
    )
    registration_number = forms.CharField(
        label="Their professional registration or membership number (optional)",
        required=False,
        max_length=50,
        help_text="For example their registration number as a Chartered Engineer.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        widget=counted_textarea(NOTE_LIMIT, rows=3),
        help_text="Anything worth remembering, such as how they know your work.",
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer."},
    )

    @staticmethod
    def initial_for(supporter) -> dict:
        return {name: getattr(supporter, name) for name in SupporterForm.base_fields}


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label="Which category are you working towards?",
        choices=RegistrationCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the category you are working towards."},
    )
    timescale = forms.ChoiceField(
        label="When do you expect to apply?",
        choices=Timescale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when you expect to apply."},
    )
    route = forms.ChoiceField(
        label="Which route will you take?",
        choices=Route.choices,
        widget=forms.RadioSelect,
        help_text="Most people take the standard route. Some apprenticeships and development "
        "schemes are approved by the institution and lead to a shorter application.",
        error_messages={"required": "Choose your route, or say you do not know yet."},
    )
    scheme_name = forms.CharField(
        label="Name of the approved scheme",
        required=False,
        max_length=200,
        help_text="Only if you chose the route through an approved scheme.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("route") == Route.APPROVED_SCHEME
            and not cleaned.get("scheme_name", "").strip()
        ):
            self.add_error("scheme_name", "Give the name of the scheme.")
        return cleaned


class SupportersForm(forms.Form):
    supporters = forms.ModelMultipleChoiceField(
        label="Who will help you?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one, such as your sponsor, mentor or company contact.",
        error_messages={"required": "Choose at least one supporter."},
    )

    def __init__(self, *args, supporters, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supporters"]
        field.queryset = supporters
        field.label_from_instance = lambda s: f"{s.name} ({s.get_relationship_display().lower()})"


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Your note (optional)",
        required=False,
        max_length=NOTE_LIMIT,
        widget=counted_textarea(NOTE_LIMIT),
        help_text="Anything the institution should know, for example support you would like.",
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer."},
    )


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm that I intend to work towards professional registration",
        error_messages={"required": "Confirm your intention to submit it."},
    )


class StaffFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "All categories"), *RegistrationCategory.choices],
    )
