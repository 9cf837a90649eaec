"""Forms of the data pages: importing an export, and deleting the account."""

from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django_otp import match_token

from careermanager.accounts.services import has_two_factor
from careermanager.core.uploads import UploadRule, check_upload
from careermanager.portability import conf


def export_rule() -> UploadRule:
    return UploadRule(what="a zip file", extensions=(".zip",), max_bytes=conf.import_max_bytes())


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your data export",
        help_text="The zip file you downloaded from “Export all your data”, on this or another "
        "Career Manager.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], export_rule())


class DeleteAccountForm(forms.Form):
    """The member proves it is them again: their password, and their code if they use one."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=16,
        help_text="The six-digit code, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "input--short",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.needs_code = has_two_factor(self.user)
        if not self.needs_code:
            del self.fields["token"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so wrong passwords count towards the lock-out as at log-in.
        signed = authenticate(self.request, username=self.user.email, password=password)
        if signed is None or signed.pk != self.user.pk:
            raise ValidationError("That is not your password.", code="wrong_password")
        return password

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data.get("token", "").split())
        if not token:
            raise ValidationError(
                "Enter the code from your authenticator app, or a backup code.", code="required"
            )
        if match_token(self.user, token) is None:
            raise ValidationError(
                "That code is not right, or has been used. Try the newest code.",
                code="wrong_code",
            )
        return token
