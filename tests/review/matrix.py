from tests.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, REDIRECT, Case, everyone, post_only

STAFF_ONLY = everyone(FORBIDDEN, anonymous=LOGIN, staff=OK, admin=OK)


def _year(owner) -> dict:
    from tests.review.factories import YEAR

    return {"year": YEAR}


def _case(owner, *, outcome: str = "") -> dict:
    from careermanager.review.services import case_outcome_record, sample_draw
    from tests.review.factories import YEAR, submitted

    declaration = submitted(owner)
    # Every declaration of the year not sampled yet, so this one is drawn even beside others
    # (the benchmark's demo data has some).
    sample = sample_draw(year=YEAR, method="percent", amount=100, seed="matrix", actor=None)
    case = sample.cases.get(declaration=declaration)
    if outcome:
        case = case_outcome_record(case=case, outcome=outcome, feedback="Tell us more.", actor=None)
    return {"pk": case.pk}


def _needs_more(owner) -> dict:
    return _case(owner, outcome="needs_more")


def _application(owner) -> dict:
    from tests.registration.factories import submitted_application

    return {"pk": submitted_application(owner).pk}


def _application_with_pdf(owner) -> dict:
    from django.core.files.base import ContentFile

    from tests.registration.factories import submitted_application

    application = submitted_application(owner)
    if not application.pdf:
        application.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return {"pk": application.pk}


CASES = [
    Case("review:index", STAFF_ONLY),
    Case("review:year", STAFF_ONLY, kwargs=_year),
    Case("review:draw", STAFF_ONLY, kwargs=_year),
    Case("review:export", STAFF_ONLY, kwargs=_year),
    Case("review:case", STAFF_ONLY, kwargs=_case),
    Case("review:outcome", post_only(), kwargs=_case),
    Case("review:case-pdf", STAFF_ONLY, kwargs=_case),
    # Registration: the staff's inbox of applications and intentions, read through the plug-in.
    Case("review:applications", STAFF_ONLY),
    Case("review:intentions", STAFF_ONLY),
    Case("review:application", STAFF_ONLY, kwargs=_application),
    Case("review:application-receive", post_only(), kwargs=_application),
    Case("review:application-comment", post_only(), kwargs=_application),
    Case("review:application-decide", post_only(), kwargs=_application),
    Case("review:application-pdf", STAFF_ONLY, kwargs=_application_with_pdf),
    # The member's own case: they reply once staff ask for more; nobody else finds it.
    Case(
        "review:reply",
        everyone(NOT_FOUND, anonymous=LOGIN, owner=OK),
        kwargs=_needs_more,
        note="staff asked for more",
    ),
    Case(
        "review:reply",
        everyone(NOT_FOUND, anonymous=LOGIN, owner=REDIRECT),
        kwargs=_case,
        note="nothing asked yet",
    ),
    Case(
        "review:reply-document",
        everyone(NOT_FOUND, anonymous=LOGIN, owner=OK),
        kwargs=_needs_more,
        note="staff asked for more",
    ),
    Case(
        "review:reply-document",
        everyone(NOT_FOUND, anonymous=LOGIN, owner=REDIRECT),
        kwargs=_case,
        note="nothing asked yet",
    ),
]
