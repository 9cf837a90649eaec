"""The load run's figures: every request's record, summed up by phase and page, against goals."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# The goals the run is judged by: (phase, most milliseconds for the 95th percentile).
GOALS = {"steady": 300.0, "spike": 1000.0}

_ID = re.compile(r"/\d+(?=/|\.|$)")
_CODE = re.compile(r"/competences/[^/]+/")


class Record(NamedTuple):
    at: float  # seconds since the run started
    phase: str  # "ramp", "steady" or "spike"
    method: str
    name: str
    ms: float
    status: int  # 0: no answer
    error: str  # "" when it went well


def request_name(path: str) -> str:
    """The page a path is an instance of: ids and codes replaced, the query string kept short."""
    path, _, query = path.partition("?")
    name = _CODE.sub("/competences/[code]/", _ID.sub("/[id]", path))
    if query:
        keys = sorted({part.split("=", 1)[0] for part in query.split("&") if part})
        name += "?" + "&".join(f"{key}=…" for key in keys)
    return name


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class Line:
    label: str
    requests: int
    errors: int
    seconds: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def line(label: str, records: list[Record], seconds: float) -> Line:
    times = [record.ms for record in records]
    return Line(
        label=label,
        requests=len(records),
        errors=sum(1 for record in records if record.error),
        seconds=seconds,
        median_ms=percentile(times, 0.5),
        p95_ms=percentile(times, 0.95),
        p99_ms=percentile(times, 0.99),
        max_ms=max(times, default=0.0),
    )


@dataclass(frozen=True)
class Phase:
    name: str
    total: Line
    pages: list[Line]
    errors: list[str]  # the first few, to say what went wrong

    def verdict(self) -> str | None:
        """Why the phase missed its goal, or None when it met it (or has none)."""
        goal = GOALS.get(self.name)
        if goal is None:
            return None
        problems = []
        if not self.total.requests:
            problems.append("no requests were made")
        if self.total.errors:
            problems.append(f"{self.total.errors} errors")
        if self.total.p95_ms >= goal:
            problems.append(f"p95 {self.total.p95_ms:.0f} ms, goal under {goal:.0f} ms")
        return "; ".join(problems) or None


def phases(records: Iterable[Record]) -> list[Phase]:
    by_phase: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_phase[record.phase].append(record)
    found = []
    for name in ("ramp", "steady", "spike"):
        rows = by_phase.get(name, [])
        if not rows:
            continue
        seconds = max(rows[-1].at - rows[0].at, 1.0)
        pages: dict[str, list[Record]] = defaultdict(list)
        for record in rows:
            pages[f"{record.method} {record.name}"].append(record)
        found.append(
            Phase(
                name=name,
                total=line("all requests", rows, seconds),
                pages=sorted(
                    (line(label, page, seconds) for label, page in pages.items()),
                    key=lambda item: -item.requests,
                ),
                errors=[f"{r.method} {r.name}: {r.error}" for r in rows if r.error][:10],
            )
        )
    return found


def read_records(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as lines:
        return [Record(**json.loads(text)) for text in lines if text.strip()]


def table(phase: Phase) -> str:
    """The phase as a Markdown table, the whole first, then each page."""
    rows = [
        "| requests | per second | errors | median ms | p95 ms | p99 ms | max ms | page |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for item in [phase.total, *phase.pages]:
        label = f"**{item.label}**" if item is phase.total else f"`{item.label}`"
        rows.append(
            f"| {item.requests:,} | {item.per_second:.1f} | {item.errors} | "
            f"{item.median_ms:.0f} | {item.p95_ms:.0f} | {item.p99_ms:.0f} | {item.max_ms:.0f} "
            f"| {label} |"
        )
    return "\n".join(rows)
