from django import forms
from django.core.exceptions import ValidationError

from careermanager.competence import importers
from careermanager.competence.models import (
    COMMENT_LIMIT,
    EVIDENCE_LIMIT,
    REFERENCE_LIMIT,
    Competence,
    Framework,
    JobProfile,
    RegistrationCategory,
    SkillLevel,
)
from careermanager.competence.services import VerifierRole
from careermanager.competence.validators import reject_links
from careermanager.core.forms import counted_textarea
from careermanager.core.uploads import UploadRule, check_upload


class HintedRadioSelect(forms.RadioSelect):
    """Radio buttons where each option carries its own hint, linked by aria-describedby."""

    option_template_name = "competence/widgets/hinted_radio_option.html"

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        hint = self.hints.get(str(value), "")
        option["hint"] = hint
        if hint:
            option["hint_id"] = f"{option['attrs']['id']}_hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class StartAssessmentForm(forms.Form):
    category = forms.ChoiceField(
        label="Which registration are you working towards?",
        choices=RegistrationCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the registration category you are working towards"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        available = set(
            Framework.objects.current().registration().values_list("category", flat=True)
        )
        self.fields["category"].choices = [
            (value, label) for value, label in RegistrationCategory.choices if value in available
        ]


class AssessCompetenceForm(forms.Form):
    level = forms.ChoiceField(
        label="Which level describes you now?",
        choices=SkillLevel.choices,
        error_messages={"required": "Choose the level that describes you now"},
    )
    evidence = forms.CharField(
        label="Your evidence",
        help_text=(
            "Describe what you did, your part in it and what it shows about this competence. "
            "Write “I”, not “we”."
        ),
        max_length=EVIDENCE_LIMIT,
        widget=counted_textarea(EVIDENCE_LIMIT, rows=10),
        error_messages={
            "required": "Describe your evidence for this competence",
            "max_length": f"Your evidence must be {EVIDENCE_LIMIT:,} characters or fewer",
        },
    )
    reference = forms.CharField(
        label="Reference to fuller evidence",
        help_text=(
            "The title or number of a document that shows more, for example a technical "
            "report, drawing number or specification. Name it; do not paste a link."
        ),
        max_length=REFERENCE_LIMIT,
        required=False,
        validators=[reject_links],
        error_messages={
            "max_length": f"The reference must be {REFERENCE_LIMIT} characters or fewer",
        },
    )

    def __init__(self, *args, guidance: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].widget = HintedRadioSelect(choices=SkillLevel.choices, hints=guidance)


class VerificationRequestForm(forms.Form):
    name = forms.CharField(
        label="Verifier's full name",
        max_length=150,
        error_messages={"required": "Enter the name of the person who will verify"},
    )
    email = forms.EmailField(
        label="Verifier's email address",
        help_text="We will email them a link. They do not need an account.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="How do they know your work?",
        choices=VerifierRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they are your mentor or line manager"},
    )
    message = forms.CharField(
        label="Message to include in the email",
        required=False,
        max_length=1000,
        widget=counted_textarea(1000, rows=4),
        error_messages={"max_length": "The message must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if self.member is not None and email.lower() == self.member.email.lower():
            raise ValidationError("Enter someone else's email address: you cannot verify yourself")
        return email


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_LIMIT,
        widget=counted_textarea(COMMENT_LIMIT, rows=6),
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Your comment must be {COMMENT_LIMIT:,} characters or fewer",
        },
    )


FRAMEWORK_UPLOAD = UploadRule(
    what="a JSON or CSV file", extensions=(".json", ".csv"), max_bytes=importers.MAX_BYTES
)


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label="Framework file",
        help_text="A .json or .csv file in UTF-8, up to 2 MB, as “The file formats” describes.",
        error_messages={
            "required": "Choose a framework file to import",
            "empty": "The file is empty",
        },
    )

    def clean_file(self):
        upload = check_upload(self.cleaned_data["file"], FRAMEWORK_UPLOAD)
        try:
            self.framework_data = importers.read_framework(upload.name, upload.read())
        except importers.FrameworkImportError as error:
            raise ValidationError(error.errors) from None
        return upload


class JobProfileForm(forms.ModelForm):
    class Meta:
        model = JobProfile
        fields = ["title", "kind", "description"]
        labels = {"title": "Job title"}
        help_texts = {
            "title": "For example “Project manager — my next role”.",
            "description": "Why this role, and what you want from it.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": counted_textarea(2000, rows=4),
        }
        error_messages = {
            "title": {"required": "Enter the job title"},
            "kind": {"required": "Choose whether this is your current role or one you want"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = JobProfile.Kind.choices


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, competence: Competence) -> str:
        return f"{competence.code} {competence.title}"


def competence_choices() -> list:
    """Current competences of every framework, grouped by framework for the select."""
    competences = (
        Competence.objects.current()
        .filter(area__framework__retired_at__isnull=True)
        .select_related("area__framework")
        .order_by("area__framework__kind", "area__framework__name", "area__order", "order")
    )
    groups: dict[str, list] = {}
    for competence in competences:
        groups.setdefault(str(competence.area.framework), []).append(
            (competence.pk, f"{competence.code} {competence.title}")
        )
    return [("", "Choose a competence"), *groups.items()]


class JobProfileItemForm(forms.Form):
    competence = CompetenceChoiceField(
        label="Competence",
        help_text="Competences from every current framework, grouped by framework.",
        queryset=Competence.objects.current().filter(area__framework__retired_at__isnull=True),
        error_messages={
            "required": "Choose a competence",
            "invalid_choice": "Choose a competence from the list",
        },
    )
    target_level = forms.ChoiceField(
        label="Level this role needs",
        choices=SkillLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level this role needs"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = competence_choices()


class TargetLevelForm(forms.Form):
    target_level = forms.ChoiceField(
        label="Level this role needs",
        choices=SkillLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level this role needs"},
    )


class ExpectedLevelForm(forms.Form):
    expected_level = forms.ChoiceField(
        label="Level expected in each competence",
        help_text=(
            "The level a member should reach in every competence of this framework before "
            "applying. The standard does not set one: this is your institution's choice."
        ),
        choices=SkillLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level expected in each competence"},
    )
