"""Creating, using and revoking personal access tokens: each change audited."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from careermanager.api.models import TOKEN_PREFIX, AccessToken, new_token, token_digest
from careermanager.core.access import is_staff_member
from careermanager.core.audit import audit

# last_used_at is written at most this often per token, so a script's every call is no write.
LAST_USED_EVERY = timedelta(minutes=1)


def max_token_days() -> int:
    return int(getattr(settings, "API_TOKEN_MAX_DAYS", 365))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max.replace(microsecond=0)))


@transaction.atomic
def token_create(
    *, owner, name: str, scope: str, expires_on: date, staff: bool = False, verified: bool = False
) -> tuple[AccessToken, str]:
    """Make a token; returns it and the token text, which is shown once and never kept.

    A staff token reaches the staff endpoints: only staff who signed in with their second
    factor in this session (`verified`) may make one.
    """
    if staff and not (is_staff_member(owner) and verified):
        raise PermissionDenied("Only staff signed in with two-factor can make a staff token.")
    today = timezone.localdate()
    errors = {}
    if expires_on <= today:
        errors["expires_on"] = "The expiry date must be in the future"
    elif expires_on > today + timedelta(days=max_token_days()):
        errors["expires_on"] = f"The expiry date must be within {max_token_days()} days"
    if errors:
        raise ValidationError(errors)
    text = new_token()
    token = AccessToken(
        owner=owner,
        name=name.strip(),
        digest=token_digest(text),
        hint=text[: len(TOKEN_PREFIX) + 4],
        scope=scope,
        staff=staff,
        expires_at=_end_of(expires_on),
    )
    token.full_clean()
    token.save()
    audit(
        "api.token.created",
        actor=owner,
        target=token,
        data={"scope": scope, "staff": staff, "expires_on": expires_on.isoformat()},
    )
    return token, text


@transaction.atomic
def token_revoke(*, token: AccessToken, actor) -> AccessToken:
    """Stop the token working at once. Revoking it again changes nothing."""
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit("api.token.revoked", actor=actor, target=token, data={"name": token.name})
    return token


def token_for(text: str) -> AccessToken | None:
    """The usable token with this text, with its owner; None for any other text."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 200:
        return None
    token = (
        AccessToken.objects.usable()
        .select_related("owner")
        .filter(digest=token_digest(text), owner__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.staff and not is_staff_member(token.owner):
        return None  # no longer on staff: the token no longer works
    return token


def token_used(token: AccessToken) -> None:
    """Note when the token was last used (at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
