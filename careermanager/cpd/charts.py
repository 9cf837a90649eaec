"""The geometry of the CPD charts, drawn as SVG by templates (the same picture on the page and
in the PDF). Every chart also has a table with the same numbers beside it.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from careermanager.core.formatting import hours_phrase
from careermanager.cpd.categories import Category
from careermanager.cpd.records import CategoryTotal, YearTotals

# Okabe-Ito colours: told apart by people with the common forms of colour blindness.
COLOURS = {
    Category.TRAINING: "#0072b2",
    Category.WORK_EXPERIENCE: "#e69f00",
    Category.ACADEMIC: "#009e73",
    Category.VOLUNTEERING: "#cc79a7",
    Category.EVENT: "#56b4e9",
    Category.SELF_STUDY: "#d55e00",
}


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str
    hours: Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    total: Decimal
    total_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    fill: str


@dataclass
class YearChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    bars: list[Bar]
    gridlines: list[Gridline]
    target: Decimal | None
    target_y: float | None
    legend: list[LegendEntry] = field(default_factory=list)
    description: str = ""


def nice_ceiling(value: float) -> int:
    """A round number at or above value for the top of an axis (10, 20, 50, 100, ...)."""
    if value <= 0:
        return 10
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return max(10, math.ceil(step * magnitude))
    return int(10 * magnitude)


def _legend(categories) -> list[LegendEntry]:
    return [LegendEntry(category.label, COLOURS[category]) for category in categories]


def year_chart(years: list[YearTotals], target: Decimal | None) -> YearChart:
    """Stacked bars of hours per year by TWAVES category, with the yearly target as a line."""
    width, height = 700, 300
    # The target's label sits in the margin to the right of the bars.
    left, right, top, bottom = 52, 610, 16, 260
    scale_top = nice_ceiling(float(max([y.hours for y in years] + [target or 0]) * Decimal("1.1")))
    plot_height = bottom - top

    def y_of(value) -> float:
        return round(bottom - float(value) / scale_top * plot_height, 2)

    slot = (right - left) / max(1, len(years))
    bar_width = min(64.0, slot * 0.6)
    bars = []
    for index, year in enumerate(years):
        x = round(left + slot * index + (slot - bar_width) / 2, 2)
        running = Decimal(0)
        segments = []
        for total in year.categories:
            if not total.hours:
                continue
            y_top = y_of(running + total.hours)
            segments.append(
                Segment(
                    x=x,
                    y=y_top,
                    width=round(bar_width, 2),
                    height=round(y_of(running) - y_top, 2),
                    fill=COLOURS[total.category],
                    label=total.label,
                    hours=total.hours,
                )
            )
            running += total.hours
        bars.append(
            Bar(
                label=str(year.year),
                x=round(x + bar_width / 2, 2),
                width=round(bar_width, 2),
                total=year.hours,
                total_y=y_of(year.hours) - 6,
                segments=segments,
            )
        )
    steps = 5
    gridlines = [
        Gridline(y=y_of(scale_top * i / steps), label=f"{scale_top * i / steps:g}")
        for i in range(steps + 1)
    ]
    used = [
        c for c in Category if any(t.hours for y in years for t in y.categories if t.category == c)
    ]
    description = "; ".join(f"{year.year}: {hours_phrase(year.hours)}" for year in years)
    if target:
        description += f". Target {hours_phrase(target)} a year."
    return YearChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_bottom=bottom,
        bars=bars,
        gridlines=gridlines,
        target=target,
        target_y=y_of(target) if target else None,
        legend=_legend(used),
        description=description,
    )


@dataclass
class ProgressChart:
    width: int
    height: int
    segments: list[Segment]
    target: Decimal | None
    target_x: float | None
    total: Decimal
    legend: list[LegendEntry]


def progress_chart(totals: list[CategoryTotal], target: Decimal | None) -> ProgressChart:
    """One horizontal bar of this year's hours by category, with the target marked."""
    width, height, bar_height = 320, 36, 24
    total = sum((t.hours for t in totals), Decimal(0))
    scale = float(max(total, target or 0) * Decimal("1.05")) or 1.0
    segments, running = [], Decimal(0)
    for entry in totals:
        if not entry.hours:
            continue
        x = float(running) / scale * width
        segments.append(
            Segment(
                x=round(x, 2),
                y=4,
                width=round(float(entry.hours) / scale * width, 2),
                height=bar_height,
                fill=COLOURS[entry.category],
                label=entry.label,
                hours=entry.hours,
            )
        )
        running += entry.hours
    return ProgressChart(
        width=width,
        height=height,
        segments=segments,
        target=target,
        target_x=round(float(target) / scale * width, 2) if target else None,
        total=total,
        legend=_legend([t.category for t in totals if t.hours]),
    )


@dataclass(frozen=True)
class TypeBar:
    label: str
    y: float
    width: float
    fill: str
    hours: Decimal
    value_x: float  # where the number of hours is written, just past the bar


@dataclass
class TypeChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[TypeBar]
    description: str


def type_chart(totals: list[CategoryTotal]) -> TypeChart:
    """Horizontal bars of hours for each TWAVES type that records hours (for reports)."""
    rows = [total for total in totals if total.has_hours]
    width, label_width, bar_height, gap = 600, 150, 22, 10
    room = width - label_width - 60
    largest = max([float(total.hours) for total in rows] + [1.0])
    bars = [
        TypeBar(
            label=total.label,
            y=index * (bar_height + gap),
            width=round(float(total.hours) / largest * room, 2),
            fill=COLOURS[total.category],
            hours=total.hours,
            value_x=round(label_width + float(total.hours) / largest * room + 6, 2),
        )
        for index, total in enumerate(rows)
    ]
    description = "; ".join(f"{total.label}: {hours_phrase(total.hours)}" for total in rows)
    return TypeChart(
        width=width,
        height=len(rows) * (bar_height + gap),
        label_width=label_width,
        bar_height=bar_height,
        bars=bars,
        description=description + ".",
    )


def render_type_chart_svg(chart: TypeChart) -> str:
    """The chart as a standalone SVG document, for downloads."""
    from django.template.loader import render_to_string

    return render_to_string("cpd/includes/type_chart.svg", {"chart": chart})
