"""The member's CV (profile): the sections they choose, in a fixed, conventional order."""

from collections.abc import Iterable
from datetime import datetime

from django.db import models

from careermanager.core.formatting import format_date, format_month_span
from careermanager.profiles.documents.common import member_name, now_or, training_table
from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)
from careermanager.reports.documents import (
    Document,
    KeyValues,
    LongText,
    Section,
    TitleBlock,
)


class CvSection(models.TextChoices):
    """The parts of a CV a member can include, in the order the document shows them."""

    PERSONAL = "personal", "Personal details"
    MEMBERSHIP = "membership", "Membership"
    EMPLOYMENT = "employment", "Employment, with responsibilities and achievements"
    EDUCATION = "education", "Education"
    SCHEMES = "schemes", "Development schemes"
    TRAINING = "training", "Training"
    ACHIEVEMENTS = "achievements", "Achievements"


EMPTY = (
    "None of the sections you chose has anything in it yet. "
    "Add to your profile, then download your CV again."
)


def build_cv(
    *, owner, sections: Iterable[str] = CvSection.values, generated_at: datetime | None = None
) -> Document:
    """The CV with the chosen sections; a chosen section with no records is left out."""
    chosen = set(sections)
    unknown = chosen - set(CvSection.values)
    if unknown:
        raise ValueError(f"Unknown CV sections: {sorted(unknown)}")
    details = PersonalDetails.objects.owned_by(owner).first()
    membership = MembershipDetails.objects.owned_by(owner).first()
    name = member_name(owner, details)
    parts = {
        CvSection.PERSONAL: lambda: _personal(owner, details),
        CvSection.MEMBERSHIP: lambda: _membership(membership),
        CvSection.EMPLOYMENT: lambda: _employment(owner),
        CvSection.EDUCATION: lambda: _education(owner),
        CvSection.SCHEMES: lambda: _schemes(owner),
        CvSection.TRAINING: lambda: _training(owner),
        CvSection.ACHIEVEMENTS: lambda: _achievements(owner),
    }
    built = [parts[section]() for section in CvSection if section in chosen]
    included = [part for part in built if part is not None]
    generated_at = now_or(generated_at)
    # A CV covers no period: the title block names the sections it holds instead.
    details_lines = (
        (("Sections", ", ".join(part.heading for part in included)),) if included else ()
    )
    return Document(
        title=TitleBlock(
            member=name,
            post_nominals=membership.registration_titles if membership else "",
            title="Curriculum vitae",
            generated_at=generated_at,
            details=details_lines,
        ),
        sections=included,
        filename=f"cv {name} {generated_at:%Y-%m-%d}",
        empty_message=EMPTY,
        subject=f"The CV of {name}",
    )


def _keyvalues(pairs: list[tuple[str, str]]) -> KeyValues | None:
    kept = [(label, value) for label, value in pairs if value]
    return KeyValues(kept) if kept else None


def _blocks(*blocks) -> list:
    return [block for block in blocks if block is not None]


def _long(label: str, text: str) -> LongText | None:
    return LongText(label, text) if text and text.strip() else None


def _personal(user, details) -> Section | None:
    if details is None:
        name = user.full_name
        facts = _keyvalues([("Name", name), ("Email", user.email)])
    else:
        name = " ".join(part for part in (details.title, details.full_name) if part)
        facts = _keyvalues(
            [
                ("Name", name or user.full_name),
                ("Preferred name", details.preferred_name),
                ("Address", "\n".join(details.address_lines)),
                ("Telephone", details.phone),
                ("Email", details.contact_email or user.email),
            ]
        )
    return Section(CvSection.PERSONAL.label, [facts]) if facts else None


def _membership(membership: MembershipDetails | None) -> Section | None:
    if membership is None:
        return None
    facts = _keyvalues(
        [
            ("Membership number", membership.membership_number),
            ("Grade", membership.get_grade_display() if membership.grade else ""),
            ("Registration and titles", membership.registration_titles),
            ("Member since", format_date(membership.member_since)),
        ]
    )
    return Section(CvSection.MEMBERSHIP.label, [facts]) if facts else None


def _employment(user) -> Section | None:

    roles = [
        Section(
            f"{role.job_title}, {role.employer}",
            _blocks(
                _keyvalues(
                    [
                        ("Dates", format_month_span(role.start_date, role.end_date)),
                        ("Type", role.get_employment_type_display()),
                        ("Location", role.location),
                    ]
                ),
                _long("Responsibilities", role.responsibilities),
                _long("Achievements", role.achievements),
            ),
        )
        for role in Employment.objects.owned_by(user)
    ]
    return Section("Employment", subsections=roles) if roles else None


def _education(user) -> Section | None:
    qualifications = [
        Section(
            f"{record.course}, {record.institution}",
            _blocks(
                _keyvalues(
                    [
                        (
                            "Qualification",
                            record.get_qualification_type_display()
                            if record.qualification_type
                            else "",
                        ),
                        ("Classification", record.classification),
                        ("Dates", format_month_span(record.start_date, record.end_date)),
                        ("Awarded", format_date(record.awarded_date)),
                        (
                            "Accredited",
                            "Yes, by a professional engineering institution"
                            if record.accredited
                            else "",
                        ),
                    ]
                ),
            ),
        )
        for record in Education.objects.owned_by(user)
    ]
    return (
        Section(CvSection.EDUCATION.label, subsections=qualifications) if qualifications else None
    )


def _schemes(user) -> Section | None:

    schemes = [
        Section(
            f"{scheme.name}, {scheme.provider}",
            _blocks(
                _keyvalues(
                    [
                        ("Type", scheme.get_kind_display()),
                        ("Dates", format_month_span(scheme.start_date, scheme.end_date)),
                        ("Status", scheme.get_status_display()),
                        ("Accredited", "Yes" if scheme.accredited else ""),
                    ]
                ),
                _long("Description", scheme.description),
            ),
        )
        for scheme in DevelopmentScheme.objects.owned_by(user)
    ]
    return Section(CvSection.SCHEMES.label, subsections=schemes) if schemes else None


def _training(user) -> Section | None:

    records = list(Training.objects.owned_by(user))
    if not records:
        return None
    table = training_table(records, caption="Training, most recent first")
    return Section(CvSection.TRAINING.label, [table])


def _achievements(user) -> Section | None:

    items = [
        Section(
            achievement.title,
            _blocks(
                _keyvalues(
                    [
                        ("Type", achievement.get_kind_display()),
                        ("Date", format_date(achievement.date)),
                        ("Reference", achievement.reference),
                    ]
                ),
                _long("Details", achievement.details),
            ),
        )
        for achievement in Achievement.objects.owned_by(user)
    ]
    return Section(CvSection.ACHIEVEMENTS.label, subsections=items) if items else None
