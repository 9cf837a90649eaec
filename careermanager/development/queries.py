"""Reading a member's plan in the shapes its pages need, each with a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q

from careermanager.development.models import OPEN_STATUSES, Action, Objective, Status

DUE_SOON_DAYS = 30


def _objectives(owner):
    # The competence's framework says whether it has been retired since the objective was set.
    return Objective.objects.owned_by(owner).select_related(
        "competence__area__framework", "job_profile"
    )


def _actions():
    return Action.objects.select_related("training", "activity").order_by("due_date", "pk")


@dataclass
class ObjectiveView:
    """An objective with its actions and how far they have got."""

    objective: Objective
    actions: list[Action]

    @property
    def counted(self) -> list[Action]:
        """The actions that count towards progress: cancelled ones do not."""
        return [action for action in self.actions if action.status != Status.CANCELLED]

    @property
    def done(self) -> int:
        return sum(1 for action in self.counted if action.status == Status.COMPLETE)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def completed_actions(self) -> list[Action]:
        return [action for action in self.actions if action.status == Status.COMPLETE]


def _with_actions(objectives) -> list[ObjectiveView]:
    return [
        ObjectiveView(objective, list(objective.actions.all()))
        for objective in objectives.prefetch_related(Prefetch("actions", queryset=_actions()))
    ]


def open_objectives(owner) -> list[ObjectiveView]:
    """The plan: open objectives, soonest target first, with their actions. Two queries."""
    return _with_actions(_objectives(owner).open().order_by("target_date", "pk"))


def history(owner) -> list[ObjectiveView]:
    """Completed objectives, most recently completed first, with their actions. Two queries."""
    return _with_actions(_objectives(owner).history().order_by("-completed_on", "-pk"))


def objective_view(objective: Objective) -> ObjectiveView:
    """One objective's actions. One query."""
    return ObjectiveView(objective, list(_actions().filter(objective=objective)))


def owned_objective(owner, pk: int):
    """The queryset that finds one of the member's objectives with what its pages show."""
    return _objectives(owner).filter(pk=pk)


@dataclass
class Review:
    today: date
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    overdue_objectives: list[Objective] = field(default_factory=list)

    @property
    def next_priority(self) -> Action | None:
        """The open action due soonest: the one to do next."""
        if self.overdue:
            return self.overdue[0]
        return self.due_soon[0] if self.due_soon else None

    @property
    def has_anything(self) -> bool:
        return bool(self.overdue or self.due_soon or self.overdue_objectives)


def review(owner, today: date) -> Review:
    """What needs attention: overdue actions, actions due in the next 30 days, late objectives.

    Two queries, however many objectives and actions.
    """
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    actions = list(
        _actions()
        .owned_by(owner)
        .open()
        .filter(objective__status__in=OPEN_STATUSES, due_date__lte=horizon)
        .select_related("objective")
    )
    late = list(_objectives(owner).open().filter(target_date__lt=today).order_by("target_date"))
    return Review(
        today=today,
        overdue=[action for action in actions if action.due_date < today],
        due_soon=[action for action in actions if action.due_date >= today],
        overdue_objectives=late,
    )


@dataclass(frozen=True)
class Upcoming:
    overdue_count: int
    next_actions: list[Action]


def upcoming(owner, today: date, *, limit: int = 3) -> Upcoming:
    """For the home page: how many open actions are overdue, and the next few due. Two queries."""
    mine = Action.objects.owned_by(owner).open().filter(objective__status__in=OPEN_STATUSES)
    overdue = mine.aggregate(count=Count("pk", filter=Q(due_date__lt=today)))["count"]
    next_actions = list(
        mine.filter(due_date__gte=today)
        .select_related("objective")
        .order_by("due_date", "pk")[:limit]
    )
    return Upcoming(overdue_count=overdue, next_actions=next_actions)
