"""Reading framework files that staff upload. Each file format has its own module.

`read_framework(filename, content)` returns a checked `FrameworkData` or raises
`FrameworkImportError` whose `errors` list every problem with its line number.
"""

from careermanager.competence.importers import csv_format, json_format
from careermanager.competence.importers.common import (
    MAX_BYTES,
    AreaData,
    CompetenceData,
    FrameworkData,
    FrameworkImportError,
    decode,
    too_large_message,
    validate,
)

FORMATS = {".json": json_format, ".csv": csv_format}

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "AreaData",
    "CompetenceData",
    "FrameworkData",
    "FrameworkImportError",
    "read_framework",
    "too_large_message",
]


def read_framework(filename: str, content: bytes) -> FrameworkData:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    parser = FORMATS.get(suffix)
    if parser is None:
        raise FrameworkImportError(["Upload a .json or .csv file."])
    data = parser.parse(decode(content))
    validate(data)
    return data
