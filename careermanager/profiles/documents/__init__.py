"""The profile's documents: the CV, a training summary, the organisation chart of a role (or
of the current and previous posts together).

Builders turn the member's own records into a ``careermanager.reports.documents.Document``
(plain data), which the reports engine renders as PDF, Word or PNG. Each reads only the
member's records through ``owned_by(owner)`` with a fixed number of queries, and lets no ORM
object out. They are registered on ``ProfilesConfig.documents``, so a document job can make
them too; the download pages (``careermanager.profiles.views.downloads``) call them directly.

    from careermanager.profiles.documents import build_training_summary
    from careermanager.reports.renderers import render

    document = build_training_summary(owner=request.user, start=start, end=end)
    rendered = render(document, "pdf")

``generated_at`` defaults to now; tests pass a fixed time.
"""

from careermanager.profiles.documents.cv import CvSection, build_cv
from careermanager.profiles.documents.orgchart import (
    build_orgchart,
    build_orgchart_of_role,
    build_orgcharts,
    employment_for_chart,
)
from careermanager.profiles.documents.training import build_training_summary

__all__ = [
    "CvSection",
    "build_cv",
    "build_orgchart",
    "build_orgchart_of_role",
    "build_orgcharts",
    "build_training_summary",
    "employment_for_chart",
]
