"""What every framework file format turns into, and the checks every import must pass."""

import re
from dataclasses import dataclass, field
from datetime import date

from careermanager.competence.models import RegistrationCategory, SkillLevel
from careermanager.competence.models.frameworks import Framework
from careermanager.core.uploads import UploadError, decode_text

MAX_BYTES = 2 * 1024 * 1024
SAVE_AS_UTF8 = (
    "Save it with UTF-8 encoding (in a spreadsheet, choose “CSV UTF-8”) and upload it again."
)
MAX_ERRORS = 50
LEVELS = SkillLevel.values  # trainee, supervised, practitioner, expert

# Field name -> longest value the database holds (the CharFields' max_length); the text
# columns have no length of their own, so the import sets one, as the forms do.
LIMITS = {
    "code": 40,
    "name": 200,
    "edition": 40,
    "publisher": 200,
    "area_code": 10,
    "area_title": 200,
    "competence_code": 10,
    "competence_title": 300,
    "source_note": 2000,
    "description": 5000,
    "guidance": 5000,
    "verification_note": 2000,
    "competence_note": 1000,
}
# A value quoted back in a message is cut to this many characters.
SHOWN = 40


class FrameworkImportError(Exception):
    """The file cannot be imported; `errors` says why, line by line."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class CompetenceData:
    code: str
    title: str
    description: str
    guidance: dict[str, str]
    line: int
    note: str = ""


@dataclass
class AreaData:
    code: str
    title: str
    line: int
    competences: list[CompetenceData] = field(default_factory=list)


@dataclass
class FrameworkData:
    code: str
    name: str
    edition: str
    kind: str
    category: str
    publisher: str
    year: int | None
    source_note: str
    line: int = 1
    areas: list[AreaData] = field(default_factory=list)
    checked_on: date | None = None
    verification_note: str = ""
    # Empty when the file does not say: the framework then expects Practitioner.
    expected_level: str = ""

    @property
    def competence_count(self) -> int:
        return sum(len(area.competences) for area in self.areas)


class Problems:
    """Collects error messages, each prefixed with its line, up to a limit."""

    def __init__(self):
        self.errors: list[str] = []

    def add(self, line: int | None, message: str) -> None:
        if len(self.errors) == MAX_ERRORS:
            self.errors.append(f"There are more than {MAX_ERRORS} problems; fix these first.")
        if len(self.errors) > MAX_ERRORS:
            return
        self.errors.append(f"Line {line}: {message}" if line else message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FrameworkImportError(self.errors)


def decode(content: bytes) -> str:
    """The file as text, or a clear error when it is too large or not UTF-8."""
    if len(content) > MAX_BYTES:
        raise FrameworkImportError([too_large_message(len(content))])
    try:
        return decode_text(content, advice=SAVE_AS_UTF8)
    except UploadError as error:
        raise FrameworkImportError([str(error)]) from None


def too_large_message(size: int) -> str:
    return (
        f"The file is {size / (1024 * 1024):.1f} MB. The largest file you can import is "
        f"{MAX_BYTES // (1024 * 1024)} MB."
    )


def shown(value) -> str:
    """A value as a message quotes it: short, however long the file made it."""
    text = str(value)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(text):,} characters)"


def parse_year(value, line: int, problems: Problems) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    # Checked before int(): a number thousands of digits long is refused, never converted.
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,4}", text):
        problems.add(line, f"year must be a number such as 2020, not “{shown(text)}”.")
        return None
    year = int(text)
    if not 1900 <= year <= 2100:
        problems.add(line, f"year must be between 1900 and 2100, not {year}.")
        return None
    return year


def parse_checked_on(value, line: int, problems: Problems) -> date | None:
    """The optional date the data was checked against its source, written 2026-11-29."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add(
            line, f"checked_on must be a date written like 2026-11-29, not “{shown(value)}”."
        )
        return None


def validate(data: FrameworkData) -> None:
    """Check a parsed framework; raise FrameworkImportError listing every problem."""
    problems = Problems()
    _check_framework(data, problems)
    if not data.areas:
        problems.add(None, "The file has no areas or competences.")
    area_lines: dict[str, int] = {}
    competence_lines: dict[str, int] = {}
    for area in data.areas:
        _check_text(problems, area.line, "area code", area.code, LIMITS["area_code"])
        _check_text(problems, area.line, "area title", area.title, LIMITS["area_title"])
        if area.code:
            first = area_lines.setdefault(area.code.upper(), area.line)
            if first != area.line:
                problems.add(
                    area.line, f"area code {area.code} is used twice (first on line {first})."
                )
        if not area.competences:
            problems.add(area.line, f"area {area.code or '(no code)'} has no competences.")
        for competence in area.competences:
            _check_competence(competence, competence_lines, problems)
    problems.raise_if_any()


def _check_framework(data: FrameworkData, problems: Problems) -> None:
    line = data.line
    _check_text(problems, line, "framework code", data.code, LIMITS["code"])
    _check_text(problems, line, "framework name", data.name, LIMITS["name"])
    _check_text(problems, line, "edition", data.edition, LIMITS["edition"])
    _check_text(problems, line, "publisher", data.publisher, LIMITS["publisher"])
    _check_text(
        problems, line, "source note", data.source_note, LIMITS["source_note"], required=False
    )
    _check_text(
        problems,
        line,
        "verification note",
        data.verification_note,
        LIMITS["verification_note"],
        required=False,
    )
    if data.expected_level and data.expected_level not in LEVELS:
        choices = ", ".join(LEVELS)
        problems.add(
            line,
            f"expected_level must be one of {choices}, not “{shown(data.expected_level)}”.",
        )
    if data.kind not in Framework.Kind.values:
        choices = " or ".join(f"“{kind}”" for kind in Framework.Kind.values)
        problems.add(line, f"kind must be {choices}, not “{data.kind}”.")
    elif data.kind == Framework.Kind.REGISTRATION:
        if data.category not in RegistrationCategory.values:
            choices = ", ".join(RegistrationCategory.values)
            problems.add(
                line,
                f"a registration framework needs a category ({choices}), not “{data.category}”.",
            )
    elif data.category:
        problems.add(line, "a job-role framework has no registration category; leave it empty.")


def _check_competence(competence: CompetenceData, seen: dict[str, int], problems: Problems) -> None:
    line = competence.line
    _check_text(problems, line, "competence code", competence.code, LIMITS["competence_code"])
    _check_text(problems, line, "competence title", competence.title, LIMITS["competence_title"])
    _check_text(problems, line, "description", competence.description, LIMITS["description"])
    _check_text(problems, line, "note", competence.note, LIMITS["competence_note"], required=False)
    if competence.code:
        first = seen.setdefault(competence.code.upper(), line)
        if first != line:
            problems.add(
                line, f"competence code {competence.code} is used twice (first on line {first})."
            )
    for level in LEVELS:
        if not (competence.guidance.get(level) or "").strip():
            label = SkillLevel(level).label
            problems.add(
                line,
                f"competence {competence.code or '(no code)'} has no guidance for the "
                f"{label} level ({level}).",
            )
        elif len(competence.guidance[level]) > LIMITS["guidance"]:
            problems.add(
                line, f"guidance for {level} is longer than {LIMITS['guidance']:,} characters."
            )


def _check_text(
    problems: Problems, line: int, label: str, value: str, limit: int, *, required: bool = True
) -> None:
    if not value:
        if required:
            problems.add(line, f"{label} is missing.")
    elif len(value) > limit:
        problems.add(line, f"{label} is longer than {limit:,} characters.")
