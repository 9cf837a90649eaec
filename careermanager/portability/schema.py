"""The published JSON Schema of the export document, generated from its pydantic schemas.

The generated schema is kept in the repository at ``SCHEMA_PATH`` and served from
``/account/data/schema/v1.json``; a test fails when the schemas change and the file was not
regenerated (``careermanager write_export_schema`` writes it).
"""

import json
from functools import cache
from pathlib import Path

from careermanager.portability.document import VERSION, ExportDocument

SCHEMA_PATH = Path(__file__).parent / "static" / "portability" / f"export-schema-v{VERSION}.json"
SCHEMA_ID = f"https://careermanager.example/schemas/export-v{VERSION}.json"


def generated_schema() -> dict:
    """The JSON Schema (2020-12) of the export document as this code writes it."""
    schema = ExportDocument.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Career Manager data export",
        "description": f"Everything one member keeps in Career Manager, version {VERSION}.",
    } | {key: value for key, value in schema.items() if key not in ("title", "description")}


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@cache
def published_schema() -> dict:
    """The schema file kept in the repository: what imports are checked against."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
