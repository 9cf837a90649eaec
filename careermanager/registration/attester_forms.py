"""The forms of attesters: the member's invitation, and the attester's comments and signature."""

from django import forms

from careermanager.core.forms import counted_textarea
from careermanager.registration.applications import SIGN_STATEMENT
from careermanager.registration.models import Attestation, Supporter

MESSAGE_LIMIT = Attestation._meta.get_field("message").max_length
OVERALL_LIMIT = Attestation._meta.get_field("overall_comment").max_length
AREA_LIMIT = 4000
SOMEONE_ELSE = "new"


def default_message(*, member_name: str, category: str, role_label: str) -> str:
    """The invitation's personal message before the member edits it."""
    return (
        f"I am applying for professional registration as {category}, and I would be grateful "
        f"if you would act as my {role_label.lower()}. My application is locked, so what you "
        f"read is exactly what I will send. I would value your comments as well as your "
        f"signature.\n\nThank you for your help.\n{member_name}"
    )


def supporter_label(supporter: Supporter) -> str:
    parts = [supporter.email]
    if supporter.registration_number:
        parts.append(supporter.registration_number)
    relationship = supporter.get_relationship_display().lower()
    return f"{supporter.name} ({relationship}): {', '.join(parts)}"


class InviteForm(forms.Form):
    # Name and email are needed only for someone else: the browser must not insist on them.
    use_required_attribute = False

    attester = forms.ChoiceField(
        label="Who will you invite?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of your supporters, or someone else."},
    )
    name = forms.CharField(
        label="Their full name",
        max_length=200,
        help_text="Only if you chose someone else.",
        error_messages={"required": "Enter the full name of the person you are inviting."},
    )
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="Only if you chose someone else. We send the link here.",
        error_messages={
            "required": "Enter the email address of the person you are inviting.",
            "invalid": "Enter an email address in the right form, like name@example.com.",
        },
    )
    registration_number = forms.CharField(
        label="Their professional registration or membership number",
        required=False,
        max_length=50,
        help_text="Only if you chose someone else, and only if they have one.",
    )
    message = forms.CharField(
        label="Your message to them",
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=counted_textarea(MESSAGE_LIMIT, rows=7),
        help_text="It goes in the email, above the link. Change it as you wish.",
        error_messages={"max_length": f"The message must be {MESSAGE_LIMIT} characters or fewer."},
    )

    def __init__(self, *args, supporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.supporters = {str(s.pk): s for s in supporters}
        field = self.fields["attester"]
        field.choices = [(pk, supporter_label(s)) for pk, s in self.supporters.items()] + [
            (SOMEONE_ELSE, "Someone else: give their details below")
        ]
        if not self.supporters:
            field.widget = forms.HiddenInput()
            field.initial = SOMEONE_ELSE
            for name in ("name", "email"):
                self.fields[name].help_text = ""
            self.fields["registration_number"].help_text = "Only if they have one."
        if self.is_bound and self.data.get("attester") != SOMEONE_ELSE:
            # A supporter's details come from the supporter: these fields are not read.
            for name in ("name", "email"):
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("attester")
        if choice == SOMEONE_ELSE:
            cleaned["supporter"] = None
        elif choice:
            supporter = self.supporters[choice]
            cleaned["supporter"] = supporter
            cleaned["name"] = supporter.name
            cleaned["email"] = supporter.email
            cleaned["registration_number"] = supporter.registration_number
        return cleaned

    @property
    def chose_supporter(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("supporter"))


class CommentForm(forms.Form):
    overall = forms.CharField(
        label="Your overall comment",
        max_length=OVERALL_LIMIT,
        widget=counted_textarea(OVERALL_LIMIT, rows=8),
        help_text="How well the application reflects the candidate's work and competence as "
        "you know them. You need this before you can sign.",
        error_messages={
            "required": "Write your overall comment.",
            "max_length": f"The overall comment must be {OVERALL_LIMIT} characters or fewer.",
        },
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[self.field_name(area["code"])] = forms.CharField(
                label=f"{area['code']}. {area['title']}",
                required=False,
                max_length=AREA_LIMIT,
                widget=counted_textarea(AREA_LIMIT, rows=4),
                error_messages={
                    "max_length": f"A comment on an area must be {AREA_LIMIT} characters or fewer."
                },
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"area_{code}"

    @classmethod
    def initial_for(cls, attestation: Attestation) -> dict:
        initial = {"overall": attestation.overall_comment}
        for code, text in attestation.area_comments.items():
            initial[cls.field_name(code)] = text
        return initial

    def area_comments(self) -> dict[str, str]:
        return {
            area["code"]: self.cleaned_data.get(self.field_name(area["code"]), "")
            for area in self.areas
        }

    def area_fields(self):
        return [self[self.field_name(area["code"])] for area in self.areas]


class SignForm(forms.Form):
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Typing your name is your signature.",
        error_messages={"required": "Type your full name to sign."},
    )
    registration = forms.CharField(
        label="Your own registration or membership details",
        max_length=200,
        help_text="For example your registration category and number, or your membership "
        "grade and number.",
        error_messages={"required": "Give your own registration or membership details."},
    )
    confirmed = forms.BooleanField(
        label=SIGN_STATEMENT,
        error_messages={"required": "Confirm the statement to sign."},
    )
    seen_sha256 = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
