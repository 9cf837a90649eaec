"""Who the API takes you for, and what your token may do."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from careermanager.api.auth import caller
from careermanager.api.errors import READ_ERRORS

router = Router(tags=["You"])


class TokenInfo(Schema):
    name: str
    scope: str
    staff: bool
    expires_at: datetime


class MeRecord(Schema):
    email: str
    full_name: str
    can_write: bool
    staff: bool
    token: TokenInfo | None  # null when signed in through the browser


@router.get(
    "", response={200: MeRecord, **READ_ERRORS}, url_name="me", operation_id="getMe", summary="You"
)
def get_me(request: HttpRequest):
    """Your account, and what this token may do."""
    who = caller(request)
    token = who.token
    return MeRecord(
        email=who.user.email,
        full_name=who.user.full_name,
        can_write=who.can_write,
        staff=who.is_staff,
        token=None
        if token is None
        else TokenInfo(
            name=token.name, scope=token.scope, staff=token.staff, expires_at=token.expires_at
        ),
    )
