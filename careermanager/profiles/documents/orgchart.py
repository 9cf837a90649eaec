"""The organisation chart (accountability diagram) of one of the member's roles.

The picture is the SVG the profile page shows (``careermanager.profiles.orgchart``), so the page,
the PDF and the PNG draw the same chart. A table of the people in it follows the picture: its
text equivalent, and the names in full where the boxes had to shorten them.
"""

from datetime import datetime

from careermanager.profiles.documents.common import now_or
from careermanager.profiles.models import Employment
from careermanager.profiles.orgchart import LEVEL_LABELS, chart_for, render_svg
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


def build_orgchart(*, employment: Employment, generated_at: datetime | None = None) -> Document:
    """The chart of one role, landscape, with the people listed beneath it."""
    chart = chart_for(employment)
    name = chart.member.name
    positions = [
        (LEVEL_LABELS.get(person.level or 0, f"{person.level} levels above"), person)
        for person in chart.top_down
    ]
    positions.append(("My post", chart.member))
    positions += [("Reports to me", person) for person in chart.reports]
    people = Table(
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
    return Document(
        title=TitleBlock(
            member=name,
            title="Organisation chart",
            subtitle=f"{chart.job_title}, {chart.employer}",
            period=chart.period,
            generated_at=now_or(generated_at),
        ),
        sections=[
            # The title block names the chart; a heading of its own would only push it down.
            Section("", [Image(render_svg(chart), alt=chart.description, fill_page=True)]),
            Section("People in the chart", [people]),
        ],
        filename=f"organisation chart {name} {chart.job_title} {chart.employer}",
        orientation="landscape",
        subject=chart.title,
    )


def build_orgchart_of_role(*, owner, employment: int) -> Document:
    """The chart of the owner's role with this id, as a document job asks for it."""
    return build_orgchart(employment=employment_for_chart(owner=owner, pk=employment))
