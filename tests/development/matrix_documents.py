"""Authorization matrix rows for the development downloads and the calendar feed."""

from tests.matrix import LOGIN, NOT_FOUND, OK, REDIRECT, Case, everyone, members_only


def _feed_on(owner) -> dict:
    from careermanager.development.feed import calendar_feed_enable

    calendar_feed_enable(owner=owner)
    return {}


def _feed_token(owner) -> dict:
    from careermanager.development.feed import calendar_feed_enable

    return {"token": calendar_feed_enable(owner=owner)}


def _guessed_token(owner) -> dict:
    from careermanager.development.feed import calendar_feed_enable

    calendar_feed_enable(owner=owner)
    return {"token": "x" * 43}


CASES = [
    Case("development:history-download", members_only()),
    Case("development:planning-report", members_only()),
    Case("development:calendar", members_only()),
    Case(
        "development:calendar-reset",
        everyone(REDIRECT, anonymous=LOGIN, owner=OK),
        kwargs=_feed_on,
        note="the confirmation page; without a feed of your own it is back to the calendar page",
    ),
    Case(
        "development:calendar-feed",
        everyone(OK),
        kwargs=_feed_token,
        note="the secret address is the key: calendar apps fetch it without signing in",
    ),
    Case(
        "development:calendar-feed",
        everyone(NOT_FOUND),
        kwargs=_guessed_token,
        note="any other address",
    ),
]
