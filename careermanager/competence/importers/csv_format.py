"""Frameworks as CSV: one row per competence, with the framework and area on every row.

The first line names the columns (any order). Framework columns must hold the same value on
every row, and an area's title the same value on every row of that area.
"""

import csv
import io

from careermanager.competence.importers.common import (
    LEVELS,
    AreaData,
    CompetenceData,
    FrameworkData,
    FrameworkImportError,
    Problems,
    parse_checked_on,
    parse_year,
)
from careermanager.core.formatting import counted

FRAMEWORK_COLUMNS = [
    "framework_code",
    "framework_name",
    "edition",
    "kind",
    "category",
    "publisher",
    "year",
    "source_note",
    "checked_on",
    "verification_note",
    "expected_level",
]
ROW_COLUMNS = [
    "area_code",
    "area_title",
    "competence_code",
    "competence_title",
    "description",
    "competence_note",
]
COLUMNS = FRAMEWORK_COLUMNS + ROW_COLUMNS + LEVELS
OPTIONAL_COLUMNS = {
    "category",
    "year",
    "source_note",
    "checked_on",
    "verification_note",
    "expected_level",
    "competence_note",
}


def parse(text: str) -> FrameworkData:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise FrameworkImportError(["The file is empty."]) from None
    except csv.Error as error:
        raise FrameworkImportError([f"Line 1: this is not valid CSV ({error})."]) from None
    _check_header(header)
    problems = Problems()
    framework: FrameworkData | None = None
    framework_values: dict[str, str] = {}
    areas: dict[str, AreaData] = {}
    next_line = reader.line_num + 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.add(
                    line,
                    f"the row has {counted(len(row), 'column')} but the header has {len(header)}.",
                )
                continue
            values = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
            if framework is None:
                framework = _framework(values, line, problems)
                framework_values = {name: values.get(name, "") for name in FRAMEWORK_COLUMNS}
            else:
                for name in FRAMEWORK_COLUMNS:
                    if values.get(name, "") != framework_values[name]:
                        problems.add(
                            line,
                            f"{name} is “{values.get(name, '')}” but earlier rows say "
                            f"“{framework_values[name]}”; every row must describe the same "
                            "framework.",
                        )
            area = _area(values, line, areas, framework, problems)
            area.competences.append(
                CompetenceData(
                    code=values["competence_code"],
                    title=values["competence_title"],
                    description=values["description"],
                    guidance={level: values[level] for level in LEVELS},
                    line=line,
                    note=values.get("competence_note", ""),
                )
            )
    except csv.Error as error:
        problems.add(reader.line_num, f"this is not valid CSV ({error}).")
    if framework is None:
        problems.add(None, "The file has a header but no competences.")
    problems.raise_if_any()
    return framework


def _check_header(header: list[str]) -> None:
    problems = Problems()
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        problems.add(1, f"unknown column {names}. The columns are: {', '.join(COLUMNS)}.")
    missing = [name for name in COLUMNS if name not in header and name not in OPTIONAL_COLUMNS]
    if missing:
        problems.add(1, f"missing column {', '.join(missing)}.")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.add(1, f"column {', '.join(repeated)} appears more than once.")
    problems.raise_if_any()


def _framework(values: dict[str, str], line: int, problems: Problems) -> FrameworkData:
    return FrameworkData(
        code=values["framework_code"],
        name=values["framework_name"],
        edition=values["edition"],
        kind=values["kind"],
        category=values.get("category", ""),
        publisher=values["publisher"],
        year=parse_year(values.get("year"), line, problems),
        source_note=values.get("source_note", ""),
        line=line,
        checked_on=parse_checked_on(values.get("checked_on"), line, problems),
        verification_note=values.get("verification_note", ""),
        expected_level=values.get("expected_level", ""),
    )


def _area(
    values: dict[str, str],
    line: int,
    areas: dict[str, AreaData],
    framework: FrameworkData,
    problems: Problems,
) -> AreaData:
    code = values["area_code"]
    area = areas.get(code.upper())
    if area is None:
        area = AreaData(code=code, title=values["area_title"], line=line)
        areas[code.upper()] = area
        framework.areas.append(area)
    elif values["area_title"] != area.title:
        problems.add(
            line,
            f"area {code} is called “{values['area_title']}” here but “{area.title}” on "
            f"line {area.line}.",
        )
    return area
