"""The authorization matrix of locking, attesters, submitting, the timeline and the
attesters' own guest pages."""

from tests.matrix import NOT_FOUND, REDIRECT, Case, everyone, owner_only, post_only


def _draft(owner) -> dict:
    from tests.registration.factories import complete_application

    return {"pk": complete_application(owner).pk}


def _locked(owner) -> dict:
    from tests.registration.factories import locked_application

    return {"pk": locked_application(owner).pk}


def _invited_application(owner) -> dict:
    from tests.registration.factories import invite_attesters, locked_application

    application = locked_application(owner)
    invite_attesters(application)
    return {"pk": application.pk}


def _invited(owner) -> dict:
    return _invited_application(owner) | {"role": "sponsor"}


def _open_role(owner) -> dict:
    from tests.registration.factories import locked_application

    return {"pk": locked_application(owner).pk, "role": "sponsor"}


def _signed(owner) -> dict:
    from tests.registration.factories import signed_application

    return {"pk": signed_application(owner).pk}


def _submitted(owner) -> dict:
    from tests.registration.factories import submitted_application

    return {"pk": submitted_application(owner).pk}


# The owner is sent on (to the application or the attesters page) where the state does not fit.
redirected = owner_only(owner=REDIRECT)

CASES = [
    Case("registration:application-lock", owner_only(), kwargs=_draft),
    Case("registration:application-lock", redirected, kwargs=_locked, note="locked already"),
    Case("registration:application-unlock", owner_only(), kwargs=_invited_application),
    Case("registration:application-unlock", redirected, kwargs=_draft, note="not locked"),
    Case("registration:application-attesters", owner_only(), kwargs=_locked),
    Case("registration:application-attesters", owner_only(), kwargs=_submitted, note="sent"),
    Case("registration:application-attesters", redirected, kwargs=_draft, note="lock first"),
    Case("registration:application-attester-invite", owner_only(), kwargs=_open_role),
    Case(
        "registration:application-attester-invite",
        redirected,
        kwargs=_invited,
        note="the role is taken",
    ),
    Case("registration:application-attester-resend", post_only(), kwargs=_invited),
    Case("registration:application-attester-remove", owner_only(), kwargs=_invited),
    Case(
        "registration:application-attester-remove",
        owner_only(owner=NOT_FOUND),
        kwargs=_open_role,
        note="nobody invited in the role",
    ),
    Case("registration:application-submit", owner_only(), kwargs=_locked),
    Case("registration:application-submit", owner_only(), kwargs=_signed, note="all signed"),
    Case("registration:application-submit", owner_only(), kwargs=_submitted, note="submitted"),
    Case("registration:application-submit", redirected, kwargs=_draft, note="lock first"),
    Case("registration:application-timeline", owner_only(), kwargs=_draft),
    Case("registration:application-timeline", owner_only(), kwargs=_submitted, note="sent"),
    # Without a guest session opened through a link (core:guest-start), the attester's pages
    # are not there, whoever asks.
    Case("registration:guest-application", everyone(NOT_FOUND)),
    Case("registration:guest-comment", everyone(NOT_FOUND)),
    Case("registration:guest-sign", everyone(NOT_FOUND)),
]
