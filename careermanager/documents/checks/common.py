"""What every check shares: how a refusal is raised, and the advice to save a file again."""

from django.core.exceptions import ValidationError

SAVE_AGAIN = "Open it, save it again and upload the new copy."


def refuse(message: str, code: str):
    raise ValidationError(message, code=code)
