"""Input schemas derived from the apps' record schemas, and JSON bound to the apps' forms.

A record minus what the server decides (ids, timestamps, nested records) is what a client
sends. Writes are checked by the same form the page uses, so the API keeps the same rules.
"""

from datetime import date
from decimal import Decimal
from typing import Any, get_args

from django import forms
from ninja import Schema
from pydantic import create_model

from careermanager.api.errors import Problem

SERVER_FIELDS = frozenset({"id", "created_at", "updated_at"})


def input_schema(record: type[Schema], name: str, *, exclude=(), optional_text=True):
    """The record's fields a client sends: text defaults to "", optional values to null."""
    fields: dict[str, Any] = {}
    for field_name, info in record.model_fields.items():
        if field_name in SERVER_FIELDS or field_name in exclude:
            continue
        annotation = info.annotation
        if annotation is str and optional_text:
            fields[field_name] = (str, "")
        elif annotation is bool:
            fields[field_name] = (bool, False)
        elif type(None) in get_args(annotation):
            fields[field_name] = (annotation, None)
        else:
            fields[field_name] = (annotation, ...)
    return create_model(
        name,
        __base__=Schema,
        __config__=None,
        **fields,
    )


def form_value(value: Any) -> Any:
    """A JSON value as a browser would post it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, date | Decimal | int | float):
        return str(value)
    return value


def form_data(payload: Schema, renames: dict[str, str] | None = None) -> dict[str, Any]:
    renames = renames or {}
    data = {}
    for name, value in payload.model_dump().items():
        if isinstance(value, dict | list):
            continue
        form_name = renames.get(name, name)
        if isinstance(value, bool) and not value:
            continue  # an unticked checkbox sends nothing
        data[form_name] = form_value(value)
    return data


def check(form: forms.BaseForm, renames: dict[str, str] | None = None) -> forms.BaseForm:
    """The bound form, valid; otherwise a 422 naming the API's fields."""
    if not form.is_valid():
        back = {form_name: api_name for api_name, form_name in (renames or {}).items()}
        raise Problem(
            422,
            "Check the values sent.",
            errors={
                ("" if field == "__all__" else back.get(field, field)): [str(m) for m in messages]
                for field, messages in form.errors.items()
            },
        )
    return form
