"""The levels chart: one bar per competence for the current level, with a mark for each
earlier level. Built as plain numbers here and drawn by an SVG template, so the same picture
can go into a page or a document. Colours are presentation attributes (the CSP forbids
inline styles)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from careermanager.competence.models import SkillLevel
from careermanager.competence.queries import AssessmentView, NextGrade
from careermanager.core.formatting import format_date

LABEL_WIDTH = 64
COLUMN_WIDTH = 120
ROW_HEIGHT = 28
BAR_HEIGHT = 16
TOP = 34
BOTTOM = 12
LEGEND = 30
BAR_COLOUR = "#1d4e89"
MARK_COLOUR = "#8a4b00"
GRID_COLOUR = "#d0d5da"
TEXT_COLOUR = "#1b1b1b"
MUTED_COLOUR = "#4a4a4a"


@dataclass
class Mark:
    x: float
    y: float
    label: str


@dataclass
class Bar:
    code: str
    title: str
    level: str
    label_y: float
    bar_y: float
    width: float
    marks: list[Mark]


@dataclass
class Column:
    label: str
    x: float  # centre of the column, for its heading
    line_x: float  # right-hand edge, where a bar reaching this level ends


@dataclass
class LevelsChart:
    width: int
    height: int
    plot_left: int
    plot_bottom: float
    legend_y: float
    bar_height: int
    columns: list[Column]
    bars: list[Bar]
    summary: str
    colours: dict


def levels_chart(view: AssessmentView) -> LevelsChart:
    levels = list(SkillLevel)
    columns = [
        Column(
            label=level.label.replace(" Practitioner", ""),
            x=LABEL_WIDTH + COLUMN_WIDTH * (index + 0.5),
            line_x=LABEL_WIDTH + COLUMN_WIDTH * (index + 1),
        )
        for index, level in enumerate(levels)
    ]
    bars = []
    for index, row in enumerate(view.rows):
        top = TOP + index * ROW_HEIGHT
        bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        marks = [
            Mark(
                x=LABEL_WIDTH + COLUMN_WIDTH * rank - COLUMN_WIDTH / 2,
                y=bar_y + BAR_HEIGHT / 2,
                label=f"{label} from {when:%d %B %Y}",
            )
            for when, label, rank in row.earlier_levels
        ]
        bars.append(
            Bar(
                code=row.competence.code,
                title=row.competence.title,
                level=row.level_label,
                label_y=top + ROW_HEIGHT / 2 + 5,
                bar_y=bar_y,
                width=COLUMN_WIDTH * row.rank,
                marks=marks,
            )
        )
    plot_bottom = TOP + ROW_HEIGHT * len(bars) + BOTTOM
    height = plot_bottom + LEGEND
    changed = sum(1 for row in view.rows if row.earlier_levels)
    summary = (
        f"Bar chart of your current skill level in each of the {view.total} competences of "
        f"{view.assessment.framework}: {view.assessed_count} assessed. A longer bar is a higher "
        f"level, from Trainee to Expert. Circles mark levels you held earlier; "
        f"{changed} competence{'s' if changed != 1 else ''} changed level over time."
    )
    return LevelsChart(
        width=LABEL_WIDTH + COLUMN_WIDTH * len(levels) + 8,
        height=height,
        plot_left=LABEL_WIDTH,
        plot_bottom=plot_bottom - BOTTOM,
        legend_y=plot_bottom + 12,
        bar_height=BAR_HEIGHT,
        columns=columns,
        bars=bars,
        summary=summary,
        colours={
            "bar": BAR_COLOUR,
            "mark": MARK_COLOUR,
            "grid": GRID_COLOUR,
            "text": TEXT_COLOUR,
            "muted": MUTED_COLOUR,
        },
    )


def render_chart_svg(chart: LevelsChart) -> str:
    """The chart as a standalone SVG document, as the page draws it, for downloads."""
    from django.template.loader import render_to_string

    return render_to_string("competence/includes/levels_chart.svg", {"chart": chart})


@dataclass
class GradeBar:
    code: str
    level: str
    label_y: float
    bar_y: float
    width: float  # 0 when not assessed
    short: bool  # below the expected level


@dataclass
class NextGradeChart:
    width: int
    height: int
    plot_left: int
    plot_bottom: float
    legend_y: float
    bar_height: int
    expected_x: float
    columns: list[Column]
    bars: list[GradeBar]
    summary: str
    colours: dict


def next_grade_chart(grade: NextGrade) -> NextGradeChart:
    """One bar per competence of the next grade for the member's level, and a line at the
    level expected, so the gaps show as bars that stop short of the line."""
    levels = list(SkillLevel)
    columns = [
        Column(
            label=level.label.replace(" Practitioner", ""),
            x=LABEL_WIDTH + COLUMN_WIDTH * (index + 0.5),
            line_x=LABEL_WIDTH + COLUMN_WIDTH * (index + 1),
        )
        for index, level in enumerate(levels)
    ]
    bars = []
    for index, row in enumerate(grade.rows):
        top = TOP + index * ROW_HEIGHT
        rank = SkillLevel.rank_of(row.current_level)
        bars.append(
            GradeBar(
                code=row.code,
                level=row.current_label,
                label_y=top + ROW_HEIGHT / 2 + 5,
                bar_y=top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=COLUMN_WIDTH * rank,
                short=row.assessed and row.gap > 0,
            )
        )
    plot_bottom = TOP + ROW_HEIGHT * len(bars) + BOTTOM
    total = len(grade.rows)
    summary = (
        f"Bar chart of your level in each of the {total} competences of "
        f"{grade.next_framework_name}, against the {grade.expected_label} level expected, "
        f"drawn as a dashed line: {grade.met_count} at or above it, {grade.below_count} below "
        f"it and {grade.not_assessed_count} not assessed."
    )
    return NextGradeChart(
        width=LABEL_WIDTH + COLUMN_WIDTH * len(levels) + 8,
        height=plot_bottom + LEGEND,
        plot_left=LABEL_WIDTH,
        plot_bottom=plot_bottom - BOTTOM,
        legend_y=plot_bottom + 12,
        bar_height=BAR_HEIGHT,
        expected_x=LABEL_WIDTH + COLUMN_WIDTH * SkillLevel.rank_of(grade.expected_level),
        columns=columns,
        bars=bars,
        summary=summary,
        colours={
            "bar": BAR_COLOUR,
            "mark": MARK_COLOUR,
            "grid": GRID_COLOUR,
            "text": TEXT_COLOUR,
            "muted": MUTED_COLOUR,
        },
    )


TIMELINE_WIDTH = 480
TIMELINE_LEFT = 104
TIMELINE_RIGHT = 16
TIMELINE_STEP = 26
TIMELINE_TOP = 12
TIMELINE_AXIS = 28


@dataclass
class TimelinePoint:
    x: float
    y: float
    label: str


@dataclass
class TimelineChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    levels: list[tuple[str, float]]  # label and y of each level's grid line
    path: str
    points: list[TimelinePoint]
    start_label: str
    end_label: str
    summary: str
    colours: dict


def timeline_chart(changes: list[tuple[datetime, str, int]], summary: str) -> TimelineChart:
    """A step line of one competence's level over time, from the first save to today."""
    levels = list(SkillLevel)
    bottom = TIMELINE_TOP + TIMELINE_STEP * (len(levels) - 1)
    right = TIMELINE_WIDTH - TIMELINE_RIGHT

    def y_of(rank: int) -> float:
        return bottom - TIMELINE_STEP * (rank - 1)

    start = changes[0][0]
    end = max(timezone.now(), changes[-1][0])
    span = (end - start).total_seconds() or 1

    def x_of(when: datetime) -> float:
        return TIMELINE_LEFT + (right - TIMELINE_LEFT) * (when - start).total_seconds() / span

    points = [
        TimelinePoint(x=x_of(when), y=y_of(rank), label=f"{label} from {format_date(when)}")
        for when, label, rank in changes
    ]
    steps = [f"M {points[0].x:.1f} {points[0].y:.1f}"]
    for point in points[1:]:
        steps.append(f"H {point.x:.1f} V {point.y:.1f}")
    steps.append(f"H {right:.1f}")
    return TimelineChart(
        width=TIMELINE_WIDTH,
        height=bottom + TIMELINE_AXIS,
        plot_left=TIMELINE_LEFT,
        plot_right=right,
        plot_bottom=bottom,
        levels=[(level.label.replace(" Practitioner", ""), y_of(level.rank)) for level in levels],
        path=" ".join(steps),
        points=points,
        start_label=format_date(start),
        end_label="Today",
        summary=summary,
        colours={"line": BAR_COLOUR, "grid": GRID_COLOUR, "text": TEXT_COLOUR},
    )
