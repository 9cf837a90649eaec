from tests.matrix import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    everyone,
    members_only,
    post_only,
)


def _unverified_link(owner) -> dict:
    from careermanager.accounts.tokens import verification_path_args
    from tests.factories import UserFactory

    return verification_path_args(UserFactory(email_verified_at=None))


def _stale_reset_link(owner) -> dict:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return {"uidb64": urlsafe_base64_encode(force_bytes(owner.pk)), "token": "stale-token"}


SIGNED_IN_AWAY = everyone(REDIRECT, anonymous=OK)

CASES = [
    Case("accounts:signup", SIGNED_IN_AWAY),
    Case("accounts:login", SIGNED_IN_AWAY),
    Case("accounts:verify-email", everyone(OK), kwargs=_unverified_link),
    Case("accounts:logout", everyone(NOT_ALLOWED)),
    Case("accounts:security", members_only()),
    Case("accounts:password-change", members_only()),
    Case("accounts:password-reset", everyone(OK)),
    Case("accounts:password-reset-done", everyone(OK)),
    Case("accounts:password-reset-confirm", everyone(OK), kwargs=_stale_reset_link),
    # Staff already have an authenticator, so setting one up sends them back to Security.
    Case("accounts:two-factor-setup", members_only(staff=REDIRECT, admin=REDIRECT)),
    Case("accounts:two-factor-verify", everyone(REDIRECT, anonymous=LOGIN)),
    # Members have no authenticator to turn off; staff may not turn theirs off.
    Case(
        "accounts:two-factor-disable",
        everyone(NOT_FOUND, anonymous=LOGIN, staff=REDIRECT, admin=REDIRECT),
    ),
    Case("accounts:backup-codes", post_only()),
    # Django's admin guards all its pages in one place; the index stands for them.
    Case("admin:index", everyone(LOGIN, admin=OK)),
    Case("admin:accounts_user_changelist", everyone(LOGIN, admin=OK)),
]
