"""The accountability diagram (organisation chart) of one role, drawn as SVG on the server.

Two steps, so that the page, the PDF and the PNG draw the same picture:

    chart = chart_for(employment)   # plain data, no ORM objects
    svg = render_svg(chart)         # a standalone SVG document as a string

The SVG uses presentation attributes only (no CSS, no scripts) and generic font families, so
browsers, Typst and SVG rasterisers all draw it alike. Every piece of text a member typed is
escaped; long text is wrapped and, if still too long, cut short with an ellipsis (the full
text stays in the <desc> and in each box's <title>).
"""

import re
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils import timezone

from careermanager.profiles.models import (
    AccountabilityPerson,
    Employment,
    MembershipDetails,
    PersonalDetails,
)

REPORTS_PER_ROW = 4
BOX_WIDTH = 240
BOX_PADDING = 10
GAP_X = 28
GAP_Y = 40
PAD = 20
LABEL_SPACE = 140  # room on the left for the level labels and the arrow to the member's post
FONT = "sans-serif"

NAME_SIZE, TITLE_SIZE, REGISTRATION_SIZE = 14, 13, 12
LINE_GAP = 4
INK = "#1b1b1b"
MUTED = "#4a4a4a"
MEMBER_FILL = "#1d4e89"
MEMBER_INK = "#ffffff"
BOX_FILL = "#ffffff"
ARROW = "#b10e1e"

LEVEL_LABELS = {1: "Line manager", 2: "2 levels above", 3: "3 levels above"}

# Characters XML 1.0 does not allow; a pasted control character must not break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ChartPerson:
    name: str
    job_title: str = ""
    registration: str = ""
    level: int | None = None  # for people above: 1 is the line manager, 2 their manager…

    @property
    def summary(self) -> str:
        """'Name, Job title (CEng MIET)': one line of plain text for descriptions."""
        text = ", ".join(part for part in (self.name, self.job_title) if part)
        return f"{text} ({self.registration})" if self.registration else text


@dataclass(frozen=True)
class OrgChart:
    employment_id: int
    employer: str
    job_title: str
    start_date: date
    end_date: date | None
    above: tuple[ChartPerson, ...]  # line manager (level 1) first
    member: ChartPerson
    reports: tuple[ChartPerson, ...]

    @property
    def top_down(self) -> tuple[ChartPerson, ...]:
        """The people above, most senior first, as the diagram stacks them."""
        return tuple(reversed(self.above))

    @property
    def period(self) -> str:
        end = f"{self.end_date:%B %Y}" if self.end_date else "present"
        return f"{self.start_date:%B %Y} to {end}"

    @property
    def title(self) -> str:
        return f"Accountability diagram: {self.job_title}, {self.employer}"

    @property
    def description(self) -> str:
        """The whole hierarchy in words, top down."""
        lines = [f"{self.job_title} at {self.employer}, {self.period}."]
        for person in self.top_down:
            label = LEVEL_LABELS.get(person.level or 0, f"{person.level} levels above")
            lines.append(f"{label}: {person.summary}.")
        lines.append(f"My post: {self.member.summary}.")
        if self.reports:
            count = len(self.reports)
            names = "; ".join(person.summary for person in self.reports)
            lines.append(f"{count} {'person reports' if count == 1 else 'people report'}: {names}.")
        else:
            lines.append("Nobody reports to this post.")
        return " ".join(lines)


def member_name(owner) -> str:
    """The member's name as their CV shows it: personal details first, then the account."""
    details = PersonalDetails.objects.filter(owner=owner).first()
    return (details.full_name if details else "") or owner.full_name or owner.email


def chart_for(employment: Employment) -> OrgChart:
    """The diagram's data for one role: who is above, the member's post, who reports."""
    owner = employment.owner
    membership = MembershipDetails.objects.filter(owner=owner).first()
    people = list(employment.accountability_people.all())
    above = sorted(
        (p for p in people if p.relation == AccountabilityPerson.Relation.ABOVE),
        key=lambda p: p.level or 0,
    )
    reports = sorted(
        (p for p in people if p.relation == AccountabilityPerson.Relation.REPORT),
        key=lambda p: (p.order, p.pk or 0),
    )
    return OrgChart(
        employment_id=employment.pk,
        employer=employment.employer,
        job_title=employment.job_title,
        start_date=employment.start_date,
        end_date=employment.end_date,
        above=tuple(ChartPerson(p.name, p.job_title, p.registration, level=p.level) for p in above),
        member=ChartPerson(
            member_name(owner),
            employment.job_title,
            membership.registration_titles if membership else "",
        ),
        reports=tuple(ChartPerson(p.name, p.job_title, p.registration) for p in reports),
    )


# Drawing ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOT_XML.sub("", " ".join(text.split()))


def _x(text: str) -> str:
    """Text escaped for XML content and attribute values."""
    return escape(_clean(text), quote=True)


def _fits(size: int, width: float, bold: bool = False) -> int:
    """How many characters of a proportional font fit in width (a cautious estimate)."""
    return max(1, int(width / (size * (0.6 if bold else 0.54))))


def wrap(text: str, per_line: int, max_lines: int) -> list[str]:
    """Break text into at most max_lines lines of per_line characters; '…' when cut short."""
    words = _clean(text).split(" ") if text.strip() else []
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > per_line:  # a word longer than a line: break it
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = kept[-1][: per_line - 1].rstrip() + "…"
        return kept
    return lines


@dataclass(frozen=True)
class _Line:
    text: str
    size: int
    bold: bool = False


def _box_lines(person: ChartPerson) -> list[_Line]:
    inner = BOX_WIDTH - 2 * BOX_PADDING
    lines = [_Line(t, NAME_SIZE, True) for t in wrap(person.name, _fits(NAME_SIZE, inner, True), 2)]
    lines += [_Line(t, TITLE_SIZE) for t in wrap(person.job_title, _fits(TITLE_SIZE, inner), 2)]
    lines += [
        _Line(t, REGISTRATION_SIZE)
        for t in wrap(person.registration, _fits(REGISTRATION_SIZE, inner), 1)
    ]
    return lines


def _lines_height(lines: list[_Line]) -> int:
    return sum(line.size + LINE_GAP for line in lines)


def _box(
    person: ChartPerson, x: float, y: float, height: int, *, clip_id: str, member: bool = False
) -> str:
    lines = _box_lines(person)
    fill, ink, stroke, stroke_width = (
        (MEMBER_FILL, MEMBER_INK, INK, 3) if member else (BOX_FILL, INK, INK, 1.5)
    )
    parts = [
        f"<g><title>{_x(person.summary)}</title>",
        f'<rect x="{x:g}" y="{y:g}" width="{BOX_WIDTH}" height="{height}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>',
        # Text is wrapped to fit; the clip keeps even unusually wide letters inside the box.
        f'<clipPath id="{clip_id}"><rect x="{x + 4:g}" y="{y:g}" width="{BOX_WIDTH - 8}" '
        f'height="{height}"/></clipPath><g clip-path="url(#{clip_id})">',
    ]
    # Centre the block of text vertically inside the box.
    baseline = y + (height - _lines_height(lines)) / 2
    for line in lines:
        baseline += line.size + LINE_GAP / 2
        colour = ink if (member or line.bold) else (INK if line.size == TITLE_SIZE else MUTED)
        weight = ' font-weight="bold"' if line.bold else ""
        parts.append(
            f'<text x="{x + BOX_WIDTH / 2:g}" y="{baseline:g}" font-family="{FONT}" '
            f'font-size="{line.size}"{weight} fill="{colour}" text-anchor="middle">'
            f"{_x(line.text)}</text>"
        )
        baseline += LINE_GAP / 2
    parts.append("</g></g>")
    return "".join(parts)


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{INK}" stroke-width="1.5"/>'
    )


def _label(text: str, x: float, y: float, *, size: int = 12, colour: str = MUTED) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size}" fill="{colour}" '
        f'text-anchor="end">{_x(text)}</text>'
    )


def render_svg(chart: OrgChart, *, id_prefix: str = "orgchart") -> str:
    """A standalone SVG document of the chart, with width, height and viewBox."""
    everyone = [*chart.above, chart.member, *chart.reports]
    box_height = max(_lines_height(_box_lines(p)) for p in everyone) + 2 * BOX_PADDING
    columns = min(len(chart.reports), REPORTS_PER_ROW)
    row_width = columns * BOX_WIDTH + max(columns - 1, 0) * GAP_X
    centre = max(PAD + LABEL_SPACE + BOX_WIDTH / 2, PAD + row_width / 2)
    width = int(max(centre + BOX_WIDTH / 2, centre + row_width / 2) + PAD)

    heading_chars = _fits(16, width - 2 * PAD, True)
    heading = wrap(f"{chart.job_title}, {chart.employer}", heading_chars, 2)
    body: list[str] = []
    clip_ids = (f"{_x(id_prefix)}-box{number}" for number in range(len(everyone)))
    y = PAD
    for text in heading:
        y += 16
        body.append(
            f'<text x="{PAD}" y="{y}" font-family="{FONT}" font-size="16" font-weight="bold" '
            f'fill="{INK}">{_x(text)}</text>'
        )
        y += 4
    y += 14
    body.append(
        f'<text x="{PAD}" y="{y}" font-family="{FONT}" font-size="13" fill="{MUTED}">'
        f"{_x(chart.period)}</text>"
    )
    y += 24

    left = centre - BOX_WIDTH / 2
    for person in chart.top_down:
        label = LEVEL_LABELS.get(person.level or 0, f"{person.level} levels above")
        body.append(_box(person, left, y, box_height, clip_id=next(clip_ids)))
        body.append(_label(label, left - 12, y + box_height / 2 + 4))
        body.append(_line(centre, y + box_height, centre, y + box_height + GAP_Y))
        y += box_height + GAP_Y

    # The member's post: filled, with a thick border and an arrow pointing at it.
    member_top = y
    body.append(_box(chart.member, left, y, box_height, clip_id=next(clip_ids), member=True))
    arrow_y = y + box_height / 2
    tip = left - 6
    body.append(
        f'<line x1="{tip - 100:g}" y1="{arrow_y:g}" x2="{tip - 14:g}" y2="{arrow_y:g}" '
        f'stroke="{ARROW}" stroke-width="4"/>'
        f'<polygon points="{tip:g},{arrow_y:g} {tip - 16:g},{arrow_y - 9:g} '
        f'{tip - 16:g},{arrow_y + 9:g}" fill="{ARROW}"/>'
    )
    body.append(_label("My post", tip - 14, arrow_y - 10, size=13, colour=ARROW))
    y += box_height

    if chart.reports:
        rows = [
            chart.reports[i : i + REPORTS_PER_ROW]
            for i in range(0, len(chart.reports), REPORTS_PER_ROW)
        ]
        last_bus = member_top
        for row in rows:
            bus = y + GAP_Y / 2
            top = y + GAP_Y
            count = len(row)
            first_x = centre - (count * BOX_WIDTH + (count - 1) * GAP_X) / 2
            centres = [first_x + i * (BOX_WIDTH + GAP_X) + BOX_WIDTH / 2 for i in range(count)]
            body.append(_line(min(*centres, centre), bus, max(*centres, centre), bus))
            for person, x_centre in zip(row, centres, strict=True):
                body.append(_line(x_centre, bus, x_centre, top))
                body.append(
                    _box(person, x_centre - BOX_WIDTH / 2, top, box_height, clip_id=next(clip_ids))
                )
            last_bus = bus
            y = top + box_height
        # One trunk from the member's post down to the last row's bus, through the gaps.
        body.insert(0, _line(centre, member_top + box_height, centre, last_bus))

    height = int(y + PAD)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{_x(title_id)}" aria-describedby="{_x(desc_id)}">'
        f'<title id="{_x(title_id)}">{_x(chart.title)}</title>'
        f'<desc id="{_x(desc_id)}">{_x(chart.description)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def standalone_svg(chart: OrgChart) -> str:
    """The chart as an SVG file of its own: the page's drawing, with its title and description.

    Pure drawing, as on the page: no scripts, styles, links or external references, so the
    file is safe to open and to put into other documents.
    """
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(chart)


# Which roles need a diagram -----------------------------------------------------------------


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def roles_for_diagram(user, *, today: date | None = None) -> list[Employment]:
    """The role a diagram is for and, if it began within three years, the role before it.

    A registration application needs the accountability diagram of the current post and,
    when the member changed job in the last three years, of the previous post too.
    """
    today = today or timezone.localdate()
    roles = Employment.objects.owned_by(user).prefetch_related("accountability_people")
    latest = roles.order_by("-is_current", "-start_date", "-pk").first()
    if latest is None:
        return []
    if latest.start_date < years_before(today, 3):
        return [latest]
    previous = (
        roles.exclude(pk=latest.pk)
        .filter(end_date__isnull=False, start_date__lte=latest.start_date)
        .order_by("-end_date", "-start_date", "-pk")
        .first()
    )
    return [latest, previous] if previous else [latest]
