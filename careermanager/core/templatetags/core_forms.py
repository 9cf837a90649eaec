from django import forms, template

register = template.Library()

_GENERIC = str(forms.Field.default_error_messages["required"])


@register.filter
def summary_message(error: str, field) -> str:
    """An error as the error summary lists it.

    Django's generic "This field is required." does not say which field it is about, so the
    summary puts the field's label in front; our own messages already name their field.
    """
    if str(error) == _GENERIC and field.label:
        return f"{field.label}: {error}"
    return str(error)
