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

STAFF_ONLY = everyone(FORBIDDEN, anonymous=LOGIN, staff=OK, admin=OK)


def _assessment(owner) -> dict:
    from tests.competence.factories import AssessmentFactory

    return {"pk": AssessmentFactory(owner=owner).pk}


def _competence(owner) -> dict:
    return _assessment(owner) | {"code": "B2"}


def _ticket(owner) -> dict:
    from tests.competence.factories import AssessmentFactory, issue_ticket

    assessment = AssessmentFactory(owner=owner)
    ticket, _ = issue_ticket(assessment)
    return {"pk": assessment.pk, "ticket_pk": ticket.pk}


def _framework(owner) -> dict:
    from tests.competence.factories import framework

    return {"pk": framework("IEng").pk}


def _profile(owner) -> dict:
    from tests.competence.factories import JobProfileFactory

    return {"pk": JobProfileFactory(owner=owner).pk}


def _item(owner) -> dict:
    from tests.competence.factories import JobProfileItemFactory

    item = JobProfileItemFactory(profile__owner=owner)
    return {"pk": item.profile.pk, "item_pk": item.pk}


CASES = [
    Case("competence:index", members_only()),
    Case("competence:assessment-list", members_only()),
    Case("competence:assessment-start", post_only()),
    Case("competence:assessment-detail", owner_only(), kwargs=_assessment),
    Case("competence:assessment-summary", owner_only(), kwargs=_assessment),
    Case("competence:next-grade", owner_only(), kwargs=_assessment),
    Case("competence:assessment-competence", owner_only(), kwargs=_competence),
    Case(
        "competence:assessment-download",
        owner_only(),
        kwargs=lambda owner: _assessment(owner) | {"format": "pdf"},
    ),
    Case("competence:verification-list", owner_only(), kwargs=_assessment),
    Case("competence:verification-new", owner_only(), kwargs=_assessment),
    Case("competence:verification-revoke", owner_only(), kwargs=_ticket),
    # Without a guest session opened through a link (core:guest-start), the guest pages are
    # not there.
    Case("competence:guest-assessment", everyone(NOT_FOUND)),
    Case("competence:guest-overall", everyone(NOT_FOUND)),
    Case("competence:guest-competence", everyone(NOT_FOUND), kwargs=lambda owner: {"code": "A1"}),
    Case("competence:job-profile-list", members_only()),
    Case("competence:job-profile-new", members_only()),
    Case("competence:job-profile-detail", owner_only(), kwargs=_profile),
    Case("competence:job-profile-edit", owner_only(), kwargs=_profile),
    Case("competence:job-profile-delete", owner_only(), kwargs=_profile),
    Case(
        "competence:job-profile-download",
        owner_only(),
        kwargs=lambda owner: _profile(owner) | {"format": "docx"},
    ),
    Case("competence:job-profile-item-add", owner_only(), kwargs=_profile),
    Case("competence:job-profile-item-assess", owner_only(), kwargs=_item),
    Case("competence:job-profile-item-edit", owner_only(), kwargs=_item),
    Case("competence:job-profile-item-remove", owner_only(), kwargs=_item),
    Case("competence:framework-list", STAFF_ONLY),
    Case("competence:framework-import", STAFF_ONLY),
    Case("competence:framework-detail", STAFF_ONLY, kwargs=_framework),
    Case("competence:framework-retire", STAFF_ONLY, kwargs=_framework),
    Case("competence:framework-expected-level", STAFF_ONLY, kwargs=_framework),
]
