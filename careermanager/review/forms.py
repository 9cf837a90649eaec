from django import forms

from careermanager.core.forms import counted_textarea
from careermanager.review.models import TEXT_LIMIT, Method, Outcome

STATUS_FILTERS = {
    "": "All submitted",
    "not_sampled": "Not sampled",
    "awaiting": "Sampled, awaiting review",
    "needs_more": "Needs more",
    "meets": "Meets",
    "does_not_meet": "Does not meet",
}


class DrawForm(forms.Form):
    method = forms.ChoiceField(
        label="How many to choose",
        choices=[(Method.PERCENT, "A percentage"), (Method.NUMBER, "A number")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a percentage or a number."},
    )
    amount = forms.IntegerField(
        label="Percentage or number",
        min_value=1,
        help_text="A whole number: 5 means 5% of the declarations, or 5 declarations.",
        error_messages={
            "required": "Enter how many declarations to choose.",
            "invalid": "Enter a whole number, such as 5.",
            "min_value": "Enter 1 or more.",
        },
    )
    seed = forms.CharField(
        label="Seed",
        required=False,
        max_length=64,
        help_text="Leave empty for a new random seed. Enter the seed of an earlier draw to "
        "repeat it: the same seed and the same declarations give the same sample.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == Method.PERCENT and (cleaned.get("amount") or 0) > 100:
            self.add_error("amount", "A percentage must be 100 or less.")
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome."},
    )
    feedback = forms.CharField(
        label="Feedback for the member",
        max_length=TEXT_LIMIT,
        widget=counted_textarea(TEXT_LIMIT, rows=6),
        help_text="The member reads this on their declaration's page and in an email. "
        "When you need more, say what you need.",
        error_messages={"required": "Enter your feedback for the member."},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=TEXT_LIMIT,
        widget=counted_textarea(TEXT_LIMIT, rows=8),
        help_text="Answer what our staff asked for.",
        error_messages={"required": "Enter your reply."},
    )
