"""The levels chart: one bar per competence for the current level, with a mark for each
earlier level. Built as plain numbers here and drawn by an SVG template, so the same picture
can go into a page or a document. Colours are presentation attributes (the CSP forbids
inline styles)."""

from dataclasses import dataclass

from careermanager.competence.models import SkillLevel
from careermanager.competence.queries import AssessmentView

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
