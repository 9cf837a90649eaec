"""Applications of a chosen size, for the length meter's calibration against the real PDF."""

from datetime import date

from careermanager.registration.models import Application, ApplicationRole, Statement
from tests.profiles.factories import (
    EducationFactory,
    EmploymentFactory,
    PastEmploymentFactory,
    TrainingFactory,
)
from tests.registration.factories import complete_application

TEXT = (
    "I led the protection design for a new substation, working with the client's engineers "
    "and our site team to agree the settings, test them and hand the scheme over on time. "
    "The work needed careful planning of outages and clear reports to the network operator."
)


def prose(chars: int) -> str:
    """About `chars` characters of plain text, in paragraphs of about 600."""
    vocabulary = TEXT.split(" ")
    paragraphs, words, length, size = [], [], 0, 0
    index = 0
    while size < chars:
        word = vocabulary[index % len(vocabulary)]
        index += 1
        words.append(word)
        length += len(word) + 1
        size += len(word) + 1
        if length > 600:
            paragraphs.append(" ".join(words))
            words, length = [], 0
            size += 2
    if words:
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)[:chars].strip()


def sized_application(
    owner,
    *,
    category: str = "IEng",
    roles: int = 1,
    role_chars: int = 3000,
    statement_chars: int = 800,
    training: int = 0,
    education: int = 0,
) -> Application:
    """A draft whose roles and statements hold about the text asked for; no documents."""
    application = complete_application(owner, category=category)
    Application.objects.filter(pk=application.pk).update(use_profile_diagram=False)
    for number in range(roles - 1):
        PastEmploymentFactory(
            owner=owner,
            start_date=date(2012 - 3 * number, 1, 1),
            end_date=date(2014 - 3 * number, 12, 31),
        )
    for role in EmploymentFactory._meta.model.objects.filter(owner=owner):
        ApplicationRole.objects.create(
            application=application, employment=role, text=prose(role_chars)
        )
    Statement.objects.filter(application=application).update(text=prose(statement_chars))
    for _ in range(training):
        TrainingFactory(owner=owner)
    for _ in range(education):
        EducationFactory(owner=owner)
    application.refresh_from_db()
    return application
