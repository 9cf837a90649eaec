from tests.matrix import Case, members_only, owner_only


def _objective(owner) -> dict:
    from tests.development.factories import ObjectiveFactory

    return {"pk": ObjectiveFactory(owner=owner).pk}


def _action(owner) -> dict:
    from tests.development.factories import ActionFactory

    return {"pk": ActionFactory(objective__owner=owner).pk}


CASES = [
    Case("development:index", members_only()),
    Case("development:review", members_only()),
    Case("development:history", members_only()),
    Case("development:settings", members_only()),
    Case("development:objective-new", members_only()),
    Case("development:objective-detail", owner_only(), kwargs=_objective),
    Case("development:objective-edit", owner_only(), kwargs=_objective),
    Case(
        "development:objective-status",
        owner_only(),
        kwargs=_objective,
        note="GET shows the status form for browsers without JavaScript",
    ),
    Case("development:objective-delete", owner_only(), kwargs=_objective),
    Case("development:action-new", owner_only(), kwargs=_objective),
    Case("development:action-edit", owner_only(), kwargs=_action),
    Case(
        "development:action-status",
        owner_only(),
        kwargs=_action,
        note="GET shows the status form for browsers without JavaScript",
    ),
    Case("development:action-delete", owner_only(), kwargs=_action),
]

# The downloads and the calendar feed are listed in their own module.
from tests.development.matrix_documents import CASES as DOCUMENT_CASES  # noqa: E402

CASES += DOCUMENT_CASES
