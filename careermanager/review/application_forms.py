"""Forms of the staff's inbox of registration applications: the filters and the three actions.

The choices (categories, statuses, outcomes) come from the registration inbox, which this app
reads through its plug-in (``review.registration_source``), never by importing registration.
"""

from django import forms

from careermanager.core.forms import counted_textarea
from careermanager.review.registration_source import inbox

COMMENT_LIMIT = 4000
TOO_LONG = f"Keep it to {COMMENT_LIMIT:,} characters or fewer."


class InboxFilterForm(forms.Form):
    category = forms.ChoiceField(label="Category", required=False)
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, statuses: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories"), *inbox().categories]
        if statuses:
            self.fields["status"].choices = [("", "All statuses"), *inbox().statuses]
        else:
            del self.fields["status"]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class ReceiveForm(forms.Form):
    comment = forms.CharField(
        label="Message to the member (optional)",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=counted_textarea(COMMENT_LIMIT, rows=4),
        help_text="The member reads it in the email and on their application's timeline.",
        error_messages={"max_length": TOO_LONG},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comment for the member",
        max_length=COMMENT_LIMIT,
        widget=counted_textarea(COMMENT_LIMIT, rows=4),
        help_text="The member reads it on their application's timeline.",
        error_messages={"required": "Write the comment.", "max_length": TOO_LONG},
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=counted_textarea(COMMENT_LIMIT, rows=4),
        help_text="Kept with the outcome on the application: what was decided, and why.",
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = inbox().outcomes
