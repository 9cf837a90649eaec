"""Forms of the staff's pages in registration: the institution's lists."""

from django import forms

from careermanager.registration.models import ListEntry


class ListEntryForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=ListEntry._meta.get_field("name").max_length,
        error_messages={
            "required": "Enter the name.",
            "max_length": "The name must be %(limit_value)d characters or fewer.",
        },
    )
    order = forms.IntegerField(
        label="Order number",
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        help_text="Entries are offered from the lowest number up; entries with the same "
        "number go in alphabetical order. Leave empty to put a new entry at the end.",
        error_messages={
            "invalid": "Enter a whole number, such as 10.",
            "min_value": "Enter 0 or more.",
            "max_value": "Enter a number up to 1,000,000.",
        },
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["order"].required = True
            self.fields["order"].help_text = (
                "Entries are offered from the lowest number up; entries with the same number "
                "go in alphabetical order."
            )
            self.fields["order"].error_messages["required"] = "Enter the order number."
