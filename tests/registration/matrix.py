from tests.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    everyone,
    members_only,
    owner_only,
    post_only,
)
from tests.registration import (
    matrix_application,
    matrix_attesters,
    matrix_documents,
    matrix_staff,
)


def _supporter(owner) -> dict:
    from tests.registration.factories import SupporterFactory

    return {"pk": SupporterFactory(owner=owner).pk}


def _draft(owner) -> dict:
    from tests.registration.factories import IntentionFactory

    return {"pk": IntentionFactory(owner=owner).pk}


def _submitted(owner) -> dict:
    from tests.registration.factories import submitted_intention

    return {"pk": submitted_intention(owner).pk}


def staff_only() -> dict[str, str]:
    return everyone(FORBIDDEN, anonymous=LOGIN, staff=OK, admin=OK)


CASES = [
    Case("registration:index", members_only()),
    Case("registration:supporter-list", members_only()),
    Case("registration:supporter-add", members_only()),
    Case("registration:supporter-edit", owner_only(), kwargs=_supporter),
    Case("registration:supporter-delete", owner_only(), kwargs=_supporter),
    Case("registration:intention-start", members_only()),
    Case("registration:intention-detail", owner_only(), kwargs=_draft),
    Case("registration:intention-detail", owner_only(), kwargs=_submitted, note="submitted"),
    Case("registration:intention-category", owner_only(), kwargs=_draft),
    Case(
        "registration:intention-category",
        owner_only(owner=NOT_FOUND),
        kwargs=_submitted,
        note="a submitted intention cannot change",
    ),
    Case("registration:intention-supporters", owner_only(), kwargs=_draft),
    Case("registration:intention-note", owner_only(), kwargs=_draft),
    Case("registration:intention-check", owner_only(), kwargs=_draft),
    Case("registration:intention-submit", post_only(), kwargs=_draft),
    Case("registration:staff-intentions", staff_only()),
    Case("registration:staff-intention", staff_only(), kwargs=_submitted),
]

# The application's pages, listed beside the modules that serve them.
CASES += matrix_application.CASES
CASES += matrix_attesters.CASES
CASES += matrix_documents.CASES
CASES += matrix_staff.CASES
