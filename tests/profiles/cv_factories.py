"""Profile records for download tests: a believable career, and bulk records for query budgets."""

from datetime import date, timedelta
from decimal import Decimal

from careermanager.profiles.models import (
    AccountabilityPerson,
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)


def personal_details(owner, **fields) -> PersonalDetails:
    values = {
        "title": "Dr",
        "first_name": "Olive",
        "last_name": "Owner",
        "address_line_1": "12 Canal Street",
        "town": "Leeds",
        "postcode": "LS1 4AB",
        "phone": "0113 496 0000",
    } | fields
    return PersonalDetails.objects.create(owner=owner, **values)


def membership(owner, **fields) -> MembershipDetails:
    values = {
        "membership_number": "1100234",
        "grade": MembershipDetails.Grade.MEMBER,
        "registration_titles": "CEng MIET",
        "member_since": date(2016, 3, 1),
    } | fields
    return MembershipDetails.objects.create(owner=owner, **values)


def employment(owner, **fields) -> Employment:
    values = {
        "employer": "Northgate Power",
        "job_title": "Principal protection engineer",
        "location": "Leeds",
        "start_date": date(2021, 5, 4),
        "is_current": True,
        "responsibilities": "I lead protection design for 132 kV substations.",
        "achievements": "I cut commissioning time by a third.",
    } | fields
    return Employment.objects.create(owner=owner, **values)


def past_employment(owner, number: int = 0, **fields) -> Employment:
    start = date(2000, 1, 1) + timedelta(days=200 * number)
    values = {
        "employer": f"Employer {number}",
        "job_title": f"Engineer grade {number}",
        "start_date": start,
        "end_date": start + timedelta(days=150),
        "is_current": False,
        "responsibilities": f"Responsibilities in role {number}.",
        "achievements": "",
    } | fields
    return Employment.objects.create(owner=owner, **values)


def person(employment, name: str, *, above: int | None = None, **fields) -> AccountabilityPerson:
    relation = (
        AccountabilityPerson.Relation.ABOVE if above else AccountabilityPerson.Relation.REPORT
    )
    values = {"job_title": "Engineer", "registration": ""} | fields
    return AccountabilityPerson.objects.create(
        employment=employment, relation=relation, level=above, name=name, **values
    )


def education(owner, **fields) -> Education:
    values = {
        "institution": "University of Westmoor",
        "course": "Electrical and Electronic Engineering",
        "qualification_type": Education.QualificationType.MASTERS,
        "classification": "First class honours",
        "start_date": date(2010, 9, 27),
        "end_date": date(2014, 6, 13),
        "awarded_date": date(2014, 7, 10),
        "accredited": True,
    } | fields
    return Education.objects.create(owner=owner, **values)


def scheme(owner, **fields) -> DevelopmentScheme:
    values = {
        "name": "Graduate engineer programme",
        "provider": "Northgate Power",
        "start_date": date(2014, 9, 1),
        "end_date": date(2016, 8, 31),
        "status": DevelopmentScheme.Status.COMPLETED,
        "accredited": True,
        "description": "Placements in design, operations and commissioning.",
    } | fields
    return DevelopmentScheme.objects.create(owner=owner, **values)


def training(owner, title: str = "Protection relay testing", **fields) -> Training:
    values = {
        "kind": Training.Kind.COURSE,
        "provider": "Relay Academy",
        "start_date": date(2024, 5, 13),
        "end_date": date(2024, 5, 15),
        "hours": Decimal("21"),
        "description": "",
    } | fields
    return Training.objects.create(owner=owner, title=title, **values)


def many_training(owner, count: int, *, start: date = date(2015, 1, 5)) -> None:
    Training.objects.bulk_create(
        Training(
            owner=owner,
            title=f"Bulk course {number}",
            kind=Training.Kind.SEMINAR,
            provider="Provider",
            start_date=start + timedelta(days=number * 3),
            hours=Decimal("2.5"),
        )
        for number in range(count)
    )


def achievement(owner, **fields) -> Achievement:
    values = {
        "kind": Achievement.Kind.PAPER,
        "title": "Adaptive protection for weak grids",
        "date": date(2022, 11, 2),
        "reference": "doi:10.0000/example",
        "details": "Co-author; I designed the test rig.",
    } | fields
    return Achievement.objects.create(owner=owner, **values)


def whole_profile(owner) -> None:
    """Something in every CV section."""
    personal_details(owner)
    membership(owner)
    role = employment(owner)
    person(role, "Grace Hopper", above=1, job_title="Head of protection")
    past_employment(owner, 1)
    education(owner)
    scheme(owner)
    training(owner)
    achievement(owner)
