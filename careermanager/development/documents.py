"""The development history and the CPD planning report, as document data for PDF and Word.

- **Development history** (``build_history``): the objectives the member completed, each with
  its completion date, competence and levels (starting and target), the SMART fields and the
  actions done, with the training record or CPD activity that fulfilled each. For appraisals.
  Optionally only the objectives completed within a period.
- **CPD planning report** (``build_planning_report``): for a period, the objectives open at
  some time in it or completed within it, with their actions, progress and target dates, after
  a summary. With ``completed_only=True`` it keeps only what was completed within the period:
  the objectives completed in it, and the actions completed in it (each under its objective,
  whatever that objective's status). That is the report an annual CPD declaration refers to.

Both are registered on ``DevelopmentConfig.documents`` ("development.history",
"development.planning") and made as document jobs, with ISO date parameters ``start`` and
``end`` (optional for the history) and the boolean ``completed_only`` (planning report only).

Each builder reads the member's records in three queries, however many objectives and actions
there are: the objectives with their competence (through this app's own foreign keys), and
their actions with the linked training and activity titles.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from careermanager.competence.queries import SkillLevel
from careermanager.core.formatting import counted, format_date, format_span
from careermanager.development.models import Action, Objective, Status
from careermanager.reports.documents import (
    Column,
    Document,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    TitleBlock,
)
from careermanager.reports.registry import parameter_date
from careermanager.reports.services import document_job_request

HISTORY = "development.history"
PLANNING = "development.planning"
NOT_RECORDED = "\N{EN DASH}"
NO_BREAK = "\N{NO-BREAK SPACE}"


@dataclass(frozen=True)
class ActionRecord:
    """One action as a document shows it."""

    kind: str
    description: str
    due_date: date
    status: str  # a Status value
    status_label: str
    completed_on: date | None
    fulfilled_by: str  # "Training: …" or "CPD activity: …", or ""

    @property
    def is_done(self) -> bool:
        return self.status == Status.COMPLETE

    @property
    def counts(self) -> bool:
        """Whether it counts towards progress: a cancelled action is no longer part of it."""
        return self.status != Status.CANCELLED


@dataclass(frozen=True)
class ObjectiveRecord:
    """One objective with its actions, as plain data: no model leaves this module."""

    title: str
    kind_label: str
    competence: str  # "E1 Identify and manage risks (UK-SPEC)", or "" for a personal goal
    competence_code: str  # "E1"
    job_profile: str
    starting_level: str  # a SkillLevel label, or ""
    target_level: str
    measure: str
    reason: str
    target_date: date
    status: str
    status_label: str
    completed_on: date | None
    set_on: date
    actions: tuple[ActionRecord, ...]

    @property
    def is_open(self) -> bool:
        return self.status in (Status.NOT_STARTED, Status.IN_PROGRESS)

    @property
    def levels(self) -> str:
        """'From Supervised Practitioner to Practitioner'; '' for a personal goal."""
        if not self.target_level:
            return ""
        start = self.starting_level or "not assessed"
        return f"From {start} to {self.target_level}"

    @property
    def done_count(self) -> int:
        return sum(1 for action in self.actions if action.is_done)

    @property
    def action_count(self) -> int:
        return sum(1 for action in self.actions if action.counts)

    @property
    def progress(self) -> str:
        """'2 of 3 actions done'; cancelled actions are left out of both numbers."""
        if not self.action_count:
            return "No actions"
        return f"{self.done_count} of {counted(self.action_count, 'action')} done"

    def status_on(self, today: date) -> str:
        if self.completed_on:
            return f"{self.status_label} ({format_date(self.completed_on)})"
        if self.is_open and self.target_date < today:
            return f"{self.status_label}, overdue"
        return self.status_label


def _level_label(value: str) -> str:
    return SkillLevel(value).label if value else ""


def _fulfilled_by(action: Action) -> str:
    parts = []
    if action.training_id:
        parts.append(f"Training: {action.training.title}")
    if action.activity_id:
        parts.append(f"CPD activity: {action.activity.title}")
    return "; ".join(parts)


def _competence(objective: Objective) -> str:
    competence = objective.competence
    if competence is None:
        return ""
    framework = competence.area.framework
    return f"{competence.code} {competence.title} ({framework.name})"


def objective_records(queryset) -> list[ObjectiveRecord]:
    """The objectives of `queryset` with their actions, as plain records, in three queries."""
    actions = Action.objects.select_related("training", "activity").order_by(
        "due_date", "completed_on", "pk"
    )
    objectives = queryset.select_related(
        "competence__area__framework", "job_profile"
    ).prefetch_related(Prefetch("actions", queryset=actions))
    return [
        ObjectiveRecord(
            title=objective.title,
            kind_label=objective.get_kind_display(),
            competence=_competence(objective),
            competence_code=objective.competence.code if objective.competence else "",
            job_profile=objective.job_profile.title if objective.job_profile else "",
            starting_level=_level_label(objective.starting_level),
            target_level=_level_label(objective.target_level),
            measure=objective.measure,
            reason=objective.reason,
            target_date=objective.target_date,
            status=objective.status,
            status_label=objective.get_status_display(),
            completed_on=objective.completed_on,
            set_on=timezone.localdate(objective.created_at),
            actions=tuple(
                ActionRecord(
                    kind=action.get_kind_display(),
                    description=action.description,
                    due_date=action.due_date,
                    status=action.status,
                    status_label=action.get_status_display(),
                    completed_on=action.completed_on,
                    fulfilled_by=_fulfilled_by(action),
                )
                for action in objective.actions.all()
            ),
        )
        for objective in objectives
    ]


def _date_cell(value: date | None) -> str:
    """A date kept on one line in a table."""
    return format_date(value).replace(" ", NO_BREAK) if value else NOT_RECORDED


def _period(start: date | None, end: date | None) -> str:
    return format_span(start, end) if start and end else ""


def _objective_facts(
    objective: ObjectiveRecord, today: date, *, history: bool = False
) -> KeyValues:
    if history:
        items = [("Completed on", format_date(objective.completed_on))]
    else:
        items = [("Status", objective.status_on(today))]
    items.append(("Target date", format_date(objective.target_date)))
    if objective.competence:
        items.append(("Competence", objective.competence))
        if objective.levels:
            items.append(("Levels", objective.levels))
    else:
        items.append(("About", objective.kind_label))
    if objective.job_profile:
        items.append(("Job profile", objective.job_profile))
    items.append(("Set on", format_date(objective.set_on)))
    return KeyValues(items)


def _smart_fields(objective: ObjectiveRecord) -> list:
    blocks: list = [LongText("How success is measured", objective.measure)]
    if objective.reason:
        blocks.append(LongText("Why it matters", objective.reason))
    return blocks


# ---------------------------------------------------------------------------------------------
# Development history


def history_document(
    *,
    member: str,
    objectives: list[ObjectiveRecord],
    start: date | None,
    end: date | None,
    generated_at: datetime,
) -> Document:
    """The development history as plain document data: the same for PDF and Word."""
    title = "Development history"
    period = _period(start, end)
    today = timezone.localdate(generated_at)
    sections = []
    if objectives:
        where = f" from {period}" if period else ""
        sections.append(
            Section(
                "Summary",
                [
                    Paragraph(
                        f"{counted(len(objectives), 'objective')} completed{where}, "
                        "oldest first, each with the actions you took to reach it."
                    ),
                    Table(
                        caption="Objectives completed",
                        columns=[
                            Column("Completed"),
                            Column("Objective", wide=True),
                            Column("Competence"),
                            Column("Levels"),
                        ],
                        rows=[
                            [
                                _date_cell(objective.completed_on),
                                objective.title,
                                objective.competence_code or "Personal goal",
                                objective.levels or NOT_RECORDED,
                            ]
                            for objective in objectives
                        ],
                    ),
                ],
            )
        )
        sections.append(
            Section(
                "Objectives in detail",
                [],
                [_history_section(objective, today) for objective in objectives],
            )
        )
    return Document(
        title=TitleBlock(member=member, title=title, period=period, generated_at=generated_at),
        sections=sections,
        filename="-".join(
            part
            for part in (title, member, start and start.isoformat(), end and end.isoformat())
            if part
        ),
        empty_message=(
            f"You completed no objectives from {period}."
            if period
            else "You have not completed any objectives yet."
        ),
        subject=f"{title}, {period}" if period else title,
        item_count=len(objectives),
    )


def _history_section(objective: ObjectiveRecord, today: date) -> Section:
    blocks = [_objective_facts(objective, today, history=True), *_smart_fields(objective)]
    done = [action for action in objective.actions if action.is_done]
    if done:
        blocks.append(
            Table(
                caption=f"Actions done for {objective.title}",
                columns=[
                    Column("Type"),
                    Column("What you did", wide=True),
                    Column("Completed"),
                    Column("Training or CPD record"),
                ],
                rows=[
                    [
                        action.kind,
                        action.description,
                        _date_cell(action.completed_on),
                        action.fulfilled_by or NOT_RECORDED,
                    ]
                    for action in done
                ],
            )
        )
    else:
        blocks.append(Paragraph("No actions were recorded as done for this objective."))
    return Section(objective.title, blocks)


def history(owner, *, start: date | None = None, end: date | None = None) -> list[ObjectiveRecord]:
    """The member's completed objectives, oldest completion first; within [start, end] if given."""
    objectives = Objective.objects.owned_by(owner).history()
    if start and end:
        objectives = objectives.filter(completed_on__range=(start, end))
    return objective_records(objectives.order_by("completed_on", "pk"))


def build_history(
    *,
    owner,
    start: date | str | None = None,
    end: date | str | None = None,
    generated_at: datetime | None = None,
) -> Document:
    """The development history of a document job (dates as ISO text or dates, both or neither)."""
    start = parameter_date(start) if start else None
    end = parameter_date(end) if end else None
    if (start is None) != (end is None):
        raise ValueError("A period needs both a start and an end")
    return history_document(
        member=owner.display_name,
        objectives=history(owner, start=start, end=end),
        start=start,
        end=end,
        generated_at=generated_at or timezone.now(),
    )


# ---------------------------------------------------------------------------------------------
# CPD planning report


def planning(
    owner, *, start: date, end: date, completed_only: bool = False
) -> list[ObjectiveRecord]:
    """The objectives and actions a planning report for [start, end] covers.

    In full: every objective set on or before `end` and not completed before `start` (so open
    at some time in the period, or completed within it), with all its actions. Cancelled
    objectives are left out: the plan does not keep when they were cancelled.

    With `completed_only`: the objectives completed within the period, and the objectives
    with an action completed within it; each with only the actions completed within it.
    """
    mine = Objective.objects.owned_by(owner)
    if completed_only:
        in_period = mine.filter(
            Q(completed_on__range=(start, end)) | Q(actions__completed_on__range=(start, end))
        )
        objectives = mine.filter(pk__in=in_period.values("pk"))
    else:
        objectives = (
            mine.exclude(status=Status.CANCELLED)
            .filter(created_at__date__lte=end)
            .exclude(completed_on__lt=start)
        )
    records = objective_records(objectives.order_by("target_date", "pk"))
    if not completed_only:
        return records
    kept = []
    for record in records:
        actions = tuple(
            action
            for action in record.actions
            if action.completed_on and start <= action.completed_on <= end
        )
        if actions or (record.completed_on and start <= record.completed_on <= end):
            kept.append(_with_actions(record, actions))
    return kept


def _with_actions(record: ObjectiveRecord, actions: tuple[ActionRecord, ...]) -> ObjectiveRecord:
    return replace(record, actions=actions)


def planning_document(
    *,
    member: str,
    objectives: list[ObjectiveRecord],
    start: date,
    end: date,
    completed_only: bool,
    generated_at: datetime,
) -> Document:
    """The CPD planning report as plain document data: the same for PDF and Word."""
    title = "CPD planning report"
    period = _period(start, end) or format_date(start)
    today = timezone.localdate(generated_at)
    sections = []
    if objectives:
        sections.append(_planning_summary(objectives, period, completed_only, today))
        sections.append(
            Section(
                "Objectives and actions",
                [],
                [_planning_section(objective, completed_only, today) for objective in objectives],
            )
        )
    scope = (
        "Only objectives and actions completed within the period"
        if completed_only
        else "Objectives open during the period or completed within it"
    )
    return Document(
        title=TitleBlock(
            member=member,
            title=title,
            period=period,
            generated_at=generated_at,
            details=(("Includes", scope),),
        ),
        sections=sections,
        filename=f"{title}-{member}-{start.isoformat()}-to-{end.isoformat()}",
        empty_message=(
            f"You completed no objectives or actions from {period}."
            if completed_only
            else f"You had no objectives open from {period}."
        ),
        subject=f"{title}, {period}",
        item_count=len(objectives),
    )


def _planning_summary(
    objectives: list[ObjectiveRecord], period: str, completed_only: bool, today: date
) -> Section:
    completed = sum(1 for objective in objectives if objective.status == Status.COMPLETE)
    still_open = sum(1 for objective in objectives if objective.is_open)
    overdue = sum(
        1 for objective in objectives if objective.is_open and objective.target_date < today
    )
    done = sum(objective.done_count for objective in objectives)
    total = sum(objective.action_count for objective in objectives)
    if completed_only:
        facts = [
            ("Objectives completed", str(completed)),
            ("Actions completed", str(done)),
        ]
        intro = (
            f"What you completed from {period}: {counted(completed, 'objective')} and "
            f"{counted(done, 'action')}. An objective still open is listed for the actions "
            "you completed towards it."
        )
        progress_label = "Actions completed"
    else:
        facts = [
            ("Objectives", str(len(objectives))),
            ("Completed", str(completed)),
            ("Still open", str(still_open)),
            ("Open and past their target date", str(overdue)),
            ("Actions done", f"{done} of {total}"),
        ]
        intro = (
            f"{counted(len(objectives), 'objective')} open at some time from {period} or "
            f"completed within it, with {done} of {counted(total, 'action')} done. "
            "Cancelled actions are not counted."
        )
        progress_label = "Progress"
    return Section(
        "Summary",
        [
            Paragraph(intro),
            KeyValues(facts),
            Table(
                caption="Objectives in this report",
                columns=[
                    Column("Objective", wide=True),
                    Column("Target date"),
                    Column("Status"),
                    Column(progress_label),
                ],
                rows=[
                    [
                        objective.title,
                        _date_cell(objective.target_date),
                        objective.status_on(today),
                        str(objective.done_count) if completed_only else objective.progress,
                    ]
                    for objective in objectives
                ],
            ),
        ],
    )


def _planning_section(objective: ObjectiveRecord, completed_only: bool, today: date) -> Section:
    facts = _objective_facts(objective, today)
    if not completed_only:
        facts = KeyValues([*facts.items, ("Progress", objective.progress)])
    blocks = [facts, *_smart_fields(objective)]
    if objective.actions:
        blocks.append(
            Table(
                caption=(
                    f"Actions completed in the period for {objective.title}"
                    if completed_only
                    else f"Actions for {objective.title}"
                ),
                columns=[
                    Column("Type"),
                    Column("Action", wide=True),
                    Column("Due"),
                    Column("Status"),
                    Column("Completed"),
                ],
                rows=[
                    [
                        action.kind,
                        action.description
                        + (f" ({action.fulfilled_by})" if action.fulfilled_by else ""),
                        _date_cell(action.due_date),
                        action.status_label,
                        _date_cell(action.completed_on),
                    ]
                    for action in objective.actions
                ],
            )
        )
    else:
        blocks.append(
            Paragraph(
                "No actions were completed for this objective within the period."
                if completed_only
                else "No actions have been planned for this objective yet."
            )
        )
    return Section(objective.title, blocks)


def build_planning_report(
    *,
    owner,
    start: date | str,
    end: date | str,
    completed_only: bool = False,
    generated_at: datetime | None = None,
) -> Document:
    """The CPD planning report of a document job: dates as ISO text or dates."""
    start, end = parameter_date(start), parameter_date(end)
    return planning_document(
        member=owner.display_name,
        objectives=planning(owner, start=start, end=end, completed_only=completed_only),
        start=start,
        end=end,
        completed_only=completed_only,
        generated_at=generated_at or timezone.now(),
    )


# ---------------------------------------------------------------------------------------------
# Asking for them


def history_request(*, owner, file_format: str, start: date | None = None, end: date | None = None):
    """Queue the development history (the same job again if asked for a moment ago)."""
    parameters = {"start": start, "end": end} if start and end else {}
    period = _period(start, end)
    return document_job_request(
        owner=owner,
        kind=HISTORY,
        file_format=file_format,
        parameters=parameters,
        title=f"Development history, {period}" if period else "Development history",
    )


def planning_report_request(
    *, owner, file_format: str, start: date, end: date, completed_only: bool = False
):
    """Queue the CPD planning report for a period."""
    scope = ", completed items only" if completed_only else ""
    return document_job_request(
        owner=owner,
        kind=PLANNING,
        file_format=file_format,
        parameters={"start": start, "end": end, "completed_only": completed_only},
        title=f"CPD planning report, {format_span(start, end)}{scope}",
    )
