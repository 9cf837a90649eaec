"""The form that makes a personal access token."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from careermanager.api.models import AccessToken
from careermanager.api.services import max_token_days
from careermanager.core.forms import date_field


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What it is for, so you can tell your tokens apart, for example "
        "“CPD log script on my laptop”.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    scope = forms.ChoiceField(
        label="What may it do?",
        choices=[
            (AccessToken.Scope.READ, "Read your records"),
            (AccessToken.Scope.WRITE, "Read and change your records"),
        ],
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the token may do"},
    )
    expires_on = date_field("Expiry date")
    staff = forms.BooleanField(
        label="Staff token: may also read the staff lists",
        required=False,
        help_text="Submitted declarations, CPD monitoring and registration applications.",
    )

    def __init__(self, *args, staff_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        days = max_token_days()
        self.fields["expires_on"].help_text = (
            f"The token stops working at the end of this day: at most {days} days from today. "
            "For example 31 3 2027."
        )
        if not self.is_bound:
            self.initial["expires_on"] = timezone.localdate() + timedelta(days=min(90, days))
        if not staff_allowed:
            del self.fields["staff"]

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError("The expiry date must be in the future")
        if day > today + timedelta(days=max_token_days()):
            raise forms.ValidationError(
                f"The expiry date must be within {max_token_days()} days of today"
            )
        return day
