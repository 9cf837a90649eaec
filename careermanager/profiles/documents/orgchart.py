"""The organisation chart (accountability diagram) of one of the member's roles, or of two.

The picture is the SVG the profile page shows (``careermanager.profiles.orgchart``), so the page,
the PDF, the PNG and the SVG download draw the same chart. A table of the people in it follows
the picture: its text equivalent, and the names in full where the boxes had to shorten them.
It may fall on the next page, so the documents say the list comes "after the chart".

An application for registration asks for the diagrams of the current post and, when the
member changed job within three years, of the previous post, in one file with their dates:
``build_orgcharts`` puts both in one PDF, each chart with its list of people.
"""

from datetime import datetime

from careermanager.profiles.documents.common import now_or
from careermanager.profiles.models import Employment
from careermanager.profiles.orgchart import LEVEL_LABELS, OrgChart, chart_for, render_svg
from careermanager.reports.documents import (
    Column,
    Document,
    Image,
    Section,
    Table,
    TitleBlock,
)


def employment_for_chart(*, owner, pk: int) -> Employment:
    """One of the member's roles with everything its chart needs (Http404 for anyone else's)."""
    from django.shortcuts import get_object_or_404

    roles = (
        Employment.objects.owned_by(owner)
        .select_related("owner")
        .prefetch_related("accountability_people")
    )
    return get_object_or_404(roles, pk=pk)


# Under the picture: where the text equivalent is, true whichever page the list falls on.
LISTED_AFTER = (
    "The arrow marks my post. Everyone in the chart is listed after the chart, "
    "with their job title and registration."
)


def _people(chart: OrgChart) -> Table:
    positions = [
        (LEVEL_LABELS.get(person.level or 0, f"{person.level} levels above"), person)
        for person in chart.top_down
    ]
    positions.append(("My post", chart.member))
    positions += [("Reports to me", person) for person in chart.reports]
    return Table(
        caption="Everyone in the chart, from the top",
        columns=[
            Column("Position"),
            Column("Name"),
            Column("Job title", wide=True),
            Column("Registration and membership"),
        ],
        rows=[
            [position, person.name, person.job_title, person.registration]
            for position, person in positions
        ],
    )


def _picture(chart: OrgChart, *, id_prefix: str = "orgchart") -> Image:
    return Image(
        render_svg(chart, id_prefix=id_prefix),
        alt=chart.description,
        caption=LISTED_AFTER,
        fill_page=True,
    )


def build_orgchart(*, employment: Employment, generated_at: datetime | None = None) -> Document:
    """The chart of one role, landscape, with the people listed after it."""
    chart = chart_for(employment)
    name = chart.member.name
    return Document(
        title=TitleBlock(
            member=name,
            post_nominals=chart.member.registration,
            title="Organisation chart",
            subtitle=f"{chart.job_title}, {chart.employer}",
            period=chart.period,
            generated_at=now_or(generated_at),
        ),
        sections=[
            # The title block names the chart; a heading of its own would only push it down.
            Section("", [_picture(chart)]),
            Section("People in the chart", [_people(chart)]),
        ],
        filename=f"organisation chart {name} {chart.job_title} {chart.employer}",
        orientation="landscape",
        subject=chart.title,
    )


def build_orgcharts(
    *, employments: list[Employment], generated_at: datetime | None = None
) -> Document:
    """The charts of the current post and the previous one, in one document.

    ``employments`` as ``orgchart.roles_for_diagram`` gives them: the current (or most recent)
    post first, then the previous post if there is one. Each chart has its own section, headed
    with its post and dates, and its list of people.
    """
    if not employments:
        raise ValueError("There is no role to draw.")
    charts = [chart_for(employment) for employment in employments]
    current = charts[0]
    name = current.member.name
    labels = ["Current post" if employments[0].is_current else "Most recent post"]
    labels += ["Previous post"] * (len(charts) - 1)
    sections = [
        Section(
            f"{label}: {chart.job_title}, {chart.employer}, {chart.period}",
            [_picture(chart, id_prefix=f"orgchart-{chart.employment_id}")],
            subsections=[Section("People in the chart", [_people(chart)])],
        )
        for label, chart in zip(labels, charts, strict=True)
    ]
    posts = " and ".join(
        f"{chart.job_title}, {chart.employer} ({chart.period})" for chart in charts
    )
    return Document(
        title=TitleBlock(
            member=name,
            post_nominals=current.member.registration,
            title="Organisation charts" if len(charts) > 1 else "Organisation chart",
            subtitle=f"{labels[0]} and previous post"
            if len(charts) > 1
            else f"{current.job_title}, {current.employer}",
            generated_at=now_or(generated_at),
            details=(("Posts", posts),),
        ),
        sections=sections,
        filename=f"organisation charts {name}",
        orientation="landscape",
        subject=f"Accountability diagrams of {name}: {posts}",
    )


def build_orgchart_of_role(*, owner, employment: int) -> Document:
    """The chart of the owner's role with this id, as a document job asks for it."""
    return build_orgchart(employment=employment_for_chart(owner=owner, pk=employment))
