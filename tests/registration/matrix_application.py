"""The authorization matrix of the member's drafting pages: starting, the checklist, each
section, and the length meter. A locked or sent application's edit pages send the owner back
to its checklist (REDIRECT); everyone else still gets a 404."""

from tests.matrix import REDIRECT, Case, owner_only, post_only


def _empty(owner) -> dict:
    from careermanager.registration.applications import application_start

    application, created = application_start(owner=owner)
    if not created:  # a member with one in progress already (the benchmark's demo member)
        raise ValueError("This member already has an application in progress.")
    return {"pk": application.pk}


def _draft(owner) -> dict:
    from tests.registration.factories import complete_application

    return {"pk": complete_application(owner).pk}


def _locked(owner) -> dict:
    from tests.registration.factories import locked_application

    return {"pk": locked_application(owner).pk}


def _submitted(owner) -> dict:
    from tests.registration.factories import submitted_application

    return {"pk": submitted_application(owner).pk}


def _role(application_of):
    def kwargs(owner) -> dict:
        from careermanager.profiles.queries import employment_ids

        pk = application_of(owner)["pk"]
        return {"pk": pk, "employment_id": min(employment_ids(owner))}

    return kwargs


def _statement(application_of):
    def kwargs(owner) -> dict:
        return application_of(owner) | {"code": "A1"}

    return kwargs


SECTIONS = [
    ("registration:application-category", None),
    ("registration:application-roles", None),
    ("registration:application-advisor", None),
    ("registration:application-statements", None),
    ("registration:application-panelling", None),
    ("registration:application-role", _role),
    ("registration:application-statement", _statement),
]


def _cases() -> list[Case]:
    cases = [
        Case("registration:application-start", post_only()),
        Case("registration:application", owner_only(), kwargs=_empty, note="just started"),
        Case("registration:application", owner_only(), kwargs=_draft, note="complete draft"),
        Case("registration:application", owner_only(), kwargs=_locked, note="locked"),
        Case("registration:application", owner_only(), kwargs=_submitted, note="submitted"),
        Case("registration:application-length", post_only(), kwargs=_draft),
        Case(
            "registration:application-statements",
            owner_only(),
            kwargs=_empty,
            note="no category yet",
        ),
        Case(
            "registration:application-panelling",
            owner_only(),
            kwargs=_empty,
            note="other items to complete first",
        ),
    ]
    for name, wrap in SECTIONS:
        for build, expect, note in (
            (_draft, owner_only(), "draft"),
            (_locked, owner_only(owner=REDIRECT), "locked: back to the checklist"),
            (_submitted, owner_only(owner=REDIRECT), "submitted: back to the checklist"),
        ):
            cases.append(Case(name, expect, kwargs=wrap(build) if wrap else build, note=note))
    return cases


CASES = _cases()
