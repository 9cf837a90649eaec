"""The forms of the member's application pages: its category, roles, advisor, statements,
panelling details, and the length meter's request."""

import json

from django import forms

from careermanager.registration.length import ROLE_GUIDE_CHARS
from careermanager.registration.models import ApplicationRoute, InterviewLocation

TEXT_LIMIT = 20000  # ApplicationRole.text and Statement.text
YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]


def yes_no(value: bool | None) -> str | None:
    """A stored yes/no answer as the radios show it; None when not answered yet."""
    return None if value is None else (YES if value else NO)


def _is_yes(value: str) -> bool:
    return value == YES


def long_text(*, guide: int | None, length_url: str, kind: str, key: str) -> forms.Textarea:
    """A long text with a character count against the guide (application.js) whose length
    meter the server updates as the member pauses typing (htmx, debounced)."""
    attrs = {
        "rows": 16,
        "data-length-count": "",
        "hx-post": length_url,
        "hx-trigger": "input changed delay:1s",
        "hx-target": "#length-meter",
        "hx-swap": "innerHTML",
        "hx-vals": json.dumps({"kind": kind, "key": key}),
    }
    if guide:
        attrs["data-guide"] = guide
    return forms.Textarea(attrs=attrs)


def _use_widget(field: forms.Field, widget: forms.Widget) -> None:
    """Give a field another widget as if it had been declared with it."""
    widget.is_required = field.required
    widget.attrs.update(field.widget_attrs(widget))
    field.widget = widget


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label="Which category are you applying for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the category you are applying for."},
    )
    route = forms.ChoiceField(
        label="Which route are you taking?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your route."},
    )
    scheme = forms.ChoiceField(
        label="Approved scheme",
        required=False,
        help_text="Only for the streamlined route: the apprenticeship or development scheme "
        "you followed, from the institution's list.",
    )

    def __init__(self, *args, categories: list[tuple[str, str]], schemes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories
        if schemes:
            self.fields["route"].choices = ApplicationRoute.choices
            self.fields["scheme"].choices = [("", "Choose a scheme"), *((s, s) for s in schemes)]
        else:
            # No approved scheme is listed yet, so only the standard route can be chosen.
            self.fields["route"].choices = [
                (ApplicationRoute.STANDARD, ApplicationRoute.STANDARD.label)
            ]
            del self.fields["scheme"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("route") == ApplicationRoute.STREAMLINED and not cleaned.get("scheme"):
            self.add_error("scheme", "Choose the approved scheme you followed.")
        if cleaned.get("route") != ApplicationRoute.STREAMLINED:
            cleaned["scheme"] = ""
        return cleaned


class RoleForm(forms.Form):
    included = forms.TypedChoiceField(
        label="Include this role in your application?",
        choices=YES_NO,
        coerce=_is_yes,
        widget=forms.RadioSelect,
        help_text="Leave out roles that add nothing to your case, such as work outside "
        "engineering long ago.",
        error_messages={"required": "Say whether to include this role."},
    )
    text = forms.CharField(
        label="Your responsibilities and achievements in this role",
        required=False,
        max_length=TEXT_LIMIT,
        help_text=f"About {ROLE_GUIDE_CHARS:,} characters: what you were responsible for, "
        "what you did yourself and what it achieved. Your CV is not changed.",
        error_messages={
            "max_length": f"The text must be {TEXT_LIMIT:,} characters or fewer.",
        },
    )

    def __init__(self, *args, length_url: str, employment_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        _use_widget(
            self.fields["text"],
            long_text(
                guide=ROLE_GUIDE_CHARS, length_url=length_url, kind="role", key=str(employment_id)
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("included") and not cleaned.get("text", "").strip():
            self.add_error(
                "text",
                "Describe your responsibilities and achievements in this role, or leave the "
                "role out.",
            )
        return cleaned


class AdvisorForm(forms.Form):
    advisor_spoken = forms.TypedChoiceField(
        label="Have you spoken to a Professional Registration Advisor?",
        choices=YES_NO,
        coerce=_is_yes,
        widget=forms.RadioSelect,
        help_text="A Professional Registration Advisor (PRA) is a volunteer from the "
        "institution who helps candidates prepare their application.",
        error_messages={"required": "Say whether you have spoken to an advisor."},
    )
    advisor_name = forms.CharField(
        label="The advisor's name",
        required=False,
        max_length=200,
        help_text="Only if you answered yes.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("advisor_spoken") and not cleaned.get("advisor_name", "").strip():
            self.add_error("advisor_name", "Give the name of the advisor you spoke to.")
        if cleaned.get("advisor_spoken") is False:
            cleaned["advisor_name"] = ""
        return cleaned


class StatementForm(forms.Form):
    text = forms.CharField(
        label="Your statement",
        max_length=TEXT_LIMIT,
        help_text="How your work shows this competence: what you did, how, and the result.",
        error_messages={
            "required": "Write your statement, or go back without saving.",
            "max_length": f"The statement must be {TEXT_LIMIT:,} characters or fewer.",
        },
    )

    def __init__(self, *args, length_url: str, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        _use_widget(
            self.fields["text"],
            long_text(guide=None, length_url=length_url, kind="statement", key=code),
        )


class PanellingForm(forms.Form):
    sector = forms.ChoiceField(
        label="Your sector",
        help_text="The part of industry you work in.",
        error_messages={"required": "Choose your sector."},
    )
    specialisms = forms.MultipleChoiceField(
        label="Your specialisms",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one: the assessors who read your application will share it.",
        error_messages={"required": "Choose at least one specialism."},
    )
    interview_location = forms.ChoiceField(
        label="Where would you prefer your interview?",
        widget=forms.RadioSelect,
        choices=[
            (value, label)
            for value, label in InterviewLocation.choices
            if value != InterviewLocation.NOT_APPLICABLE
        ],
        error_messages={"required": "Choose where you would prefer your interview."},
    )

    def __init__(
        self, *args, sectors: list[str], specialisms: list[str], interview: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Choose a sector"), *((s, s) for s in sectors)]
        self.fields["specialisms"].choices = [(s, s) for s in specialisms]
        if not interview:
            del self.fields["interview_location"]

    def clean(self):
        cleaned = super().clean()
        if "interview_location" not in self.fields:
            cleaned["interview_location"] = InterviewLocation.NOT_APPLICABLE
        return cleaned


class LengthForm(forms.Form):
    """What the length meter is asked about: a text as typed, and whose it is."""

    kind = forms.ChoiceField(choices=[("role", "role"), ("statement", "statement")])
    key = forms.CharField(max_length=20)
    text = forms.CharField(required=False, strip=False, max_length=TEXT_LIMIT * 2)
    included = forms.CharField(required=False)
