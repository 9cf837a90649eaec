"""Does this count? What one activity, saved or not yet, does for each policy a member follows.

The activity is put among the member's other records (in place of its saved self when it is
being changed) and every followed policy is checked with and without it, by the same engine
and the same reading of the record as the policies page (`compliance.evaluate_followed`), so
what the panel says agrees with that page. The activity is checked in the policy's current
period when it ends within it, otherwise in the period that ends in the year it ends.

A fixed number of queries however many records and policies: the followed policies, then the
member's CPD once over the widest period any policy needs.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from careermanager.core.formatting import format_date, hours, hours_phrase
from careermanager.cpd import engine
from careermanager.cpd.categories import Category
from careermanager.cpd.compliance import evaluate_followed, followed_policies, period_to_check
from careermanager.cpd.models import Activity, Policy
from careermanager.cpd.queries import ACTIVITY, CpdRecord, cpd_in_period

NEW_KEY = f"{ACTIVITY}:new"

# Where the activity's completion date falls for a policy.
CURRENT = "current"  # within the policy's current period
EARLIER = "earlier"  # before it began
LATER = "later"  # after it ends

# What the member still has to give before anything can be worked out, in the form's order.
NEEDED = {"type": "type", "date": "date", "hours": "hours"}

# Why a cap left hours out, after "the limit ... is full" (the engine's reasons).
_WHY_LEFT_OUT = {
    engine.UNTAGGED: "It has no topic with a minimum, so its hours are left out before hours "
    "that count towards one.",
    engine.MINIMUMS_MET: "The minimums for its topics are met without these hours.",
    engine.NO_ROOM: "Every hour within the limit counts towards a minimum too; later hours are "
    "left out first.",
}


def _total(evaluation: engine.Evaluation) -> Decimal:
    """What the total minimum is compared with: with carry-over, the hours carried in too."""
    return evaluation.total_hours


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _joined(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class Proposal:
    """An activity as the form describes it (or as saved): all the engine needs of it."""

    category: Category
    completed_on: date
    hours: Decimal
    topics: frozenset[str] = frozenset()  # codes
    topic_names: tuple[str, ...] = ()
    has_reflection: bool = False
    is_draft: bool = False
    activity_id: int | None = None  # the saved activity it stands in for
    saved: bool = False  # as saved (its page), not as being filled in

    @property
    def key(self) -> str:
        return f"{ACTIVITY}:{self.activity_id}" if self.activity_id else NEW_KEY

    def record(self) -> CpdRecord:
        return CpdRecord(
            key=self.key,
            category=self.category,
            title="This activity",
            start=self.completed_on,
            end=self.completed_on,
            hours=self.hours,
            topics=self.topics,
            topic_names=self.topic_names,
            has_reflection=self.has_reflection,
        )


@dataclass(frozen=True)
class PolicyCount:
    """What the activity does for one policy: the engine's result with and without it."""

    policy: Policy
    proposal: Proposal
    where: str
    current_period: engine.Period
    before: engine.Evaluation  # the period the activity falls in, without it
    after: engine.Evaluation  # the same period, with it
    # The current period without and with it, when that is not the period it falls in.
    current_before: engine.Evaluation | None = None
    current_after: engine.Evaluation | None = None

    @property
    def period(self) -> engine.Period:
        return self.after.period

    @property
    def is_current(self) -> bool:
        return self.where == CURRENT

    @property
    def counted(self) -> Decimal:
        """Its own hours that count in the period it falls in (the engine's per-item result)."""
        return self.after.counted_by_item.get(self.proposal.key, engine.ZERO)

    @property
    def added(self) -> Decimal:
        """How much the counted total of that period goes up with it."""
        return self.after.counted_hours - self.before.counted_hours

    @property
    def counted_now(self) -> Decimal:
        """Its hours that count towards the current period as things stand."""
        return self.counted if self.is_current and not self.proposal.is_draft else engine.ZERO

    @property
    def carried_into_current(self) -> Decimal:
        """Hours it adds to the current period's total through carry-over, from an earlier one."""
        if self.current_before is None or self.current_after is None:
            return engine.ZERO
        return _total(self.current_after) - _total(self.current_before)

    @property
    def left_out(self) -> engine.LeftOut | None:
        return next((e for e in self.after.left_out if e.item.key == self.proposal.key), None)

    @property
    def needs_reflection(self) -> bool:
        return self.policy.requires_reflection and not self.proposal.has_reflection

    @property
    def status(self) -> tuple[str, str]:
        """(tag colour, words) for the policy's line."""
        if not self.is_current:
            return "grey", "Not in your current period"
        if self.proposal.is_draft:
            return "yellow", "Counts once confirmed"
        if not self.counted:
            return "red", "Does not count"
        if self.needs_reflection:
            return "yellow", "Counts once you add a reflection"
        if self.counted < self.proposal.hours:
            return "yellow", "Partly counts"
        return "green", "Counts"

    @property
    def summary(self) -> str:
        """The one sentence that answers the question for this policy."""
        recorded = hours_phrase(self.proposal.hours)
        label = self.period.label
        if self.where == EARLIER:
            return (
                f"It ends on {format_date(self.proposal.completed_on)}, before your current "
                f"period ({self.current_period.label}) began, so it does not count towards "
                f"it{' directly' if self.carried_into_current else ''}. "
                f"It falls in the period {label}, where {self._of(recorded)} count."
            )
        if self.where == LATER:
            return (
                f"It ends on {format_date(self.proposal.completed_on)}, after your current "
                f"period ({self.current_period.label}) ends, so it does not count towards it. "
                f"It will fall in the period {label}, where {self._of(recorded)} would count."
            )
        would = "would " if self.proposal.is_draft else ""
        if self.counted == self.proposal.hours:
            return f"All {recorded} {would}count towards {label}."
        if not self.counted:
            return f"None of its {recorded} {would}count towards {label}."
        return f"{hours(self.counted)} of its {recorded} {would}count towards {label}."

    def _of(self, recorded: str) -> str:
        if self.counted == self.proposal.hours:
            return f"all {recorded}"
        if not self.counted:
            return f"none of its {recorded}"
        return f"{hours(self.counted)} of its {recorded}"

    @property
    def counts_under(self) -> list[str]:
        """The category, the minimums and limits it falls under, and the topics that matter."""
        item = next(i for i in self.after.items if i.key == self.proposal.key)
        lines = [f"Type: {self.proposal.category.label}."]
        for result in self.after.minimums:
            if (result.rule.categories or result.rule.topics) and result.rule.selects(item):
                lines.append(f"Counts towards the minimum for {_lower_first(result.rule.label)}.")
        for result in self.after.caps:
            if result.rule.selects(item):
                lines.append(
                    f"Falls under the limit on {_lower_first(result.rule.label)}: "
                    f"{hours(result.counted)} of at most {hours_phrase(result.rule.hours)} "
                    "counted."
                )
        ruled = self._rule_topics()
        if ruled:
            used = [name for code, name in ruled.items() if code in self.proposal.topics]
            if used:
                lines.append(f"Topics this policy counts: {', '.join(used)}.")
            else:
                lines.append(
                    "It has none of the topics this policy counts separately "
                    f"({', '.join(ruled.values())}); tag it with one to count it towards "
                    "that minimum."
                )
        return lines

    def _rule_topics(self) -> dict[str, str]:
        """code: name of every topic the policy's rules select, in the rules' order."""
        topics: dict[str, str] = {}
        for rule in self.policy.rules.all():
            for topic in rule.topics.all():
                topics.setdefault(topic.code, topic.name)
        return topics

    @property
    def reasons(self) -> list[str]:
        """Why any of its hours will not count, or will not count yet."""
        reasons = []
        if self.proposal.is_draft:
            reasons.append(
                "It is awaiting confirmation: calendar events count once you confirm them."
            )
        entry = self.left_out
        if entry is not None:
            reasons.append(
                f"{hours_phrase(entry.hours).capitalize()} {self._will_not} count: the limit of "
                f"{hours_phrase(entry.cap.hours)} on {_lower_first(entry.cap.label)} is full. "
                + _WHY_LEFT_OUT.get(entry.reason, "")
            )
        if self.added != self.counted:
            reasons.append(
                f"Your counted total for {self.period.label} changes by "
                f"{hours_phrase(self.added)}, as the limits then leave out hours of other "
                "activities instead."
            )
        if self.needs_reflection:
            reasons.append(
                f"{self.policy.institution.short_name} asks for a reflection on every "
                "activity: it counts once you add a reflection."
            )
        return [reason.strip() for reason in reasons]

    @property
    def _will_not(self) -> str:
        return "do not" if self.proposal.saved else "will not"

    @property
    def position(self) -> list[str]:
        """What it does for the member's standing in the period it falls in."""
        before, after = self.before, self.after
        label = self.period.label
        verb = "With it you have" if self.proposal.saved else "Brings you to"
        if self.proposal.is_draft:
            verb = "Once confirmed, it brings you to"
        lines = []
        minimum = self.policy.total_minimum_hours
        if minimum:
            # With carry-over, the total compared with the minimum includes hours carried in.
            total = _total(after)
            carried = total - after.counted_hours
            with_carried = f" (with {hours_phrase(carried)} carried over)" if carried else ""
            if before.total_met:
                lines.append(
                    f"{verb} {hours_phrase(total)} for {label}{with_carried}, above the "
                    f"{hours_phrase(minimum)} required."
                )
            else:
                met = ", which meets the total" if after.total_met else ""
                lines.append(
                    f"{verb} {hours(total)} of {hours_phrase(minimum)} for {label}"
                    f"{with_carried}{met}."
                )
        else:
            lines.append(f"{verb} {hours_phrase(after.counted_hours)} that count for {label}.")
        if self.carried_into_current and self.current_after is not None:
            current = self.current_after
            lines.append(
                f"Through carry-over it adds {hours_phrase(self.carried_into_current)} to your "
                f"current period: {hours(_total(current))} of "
                f"{hours_phrase(current.policy.total_minimum)} for {current.period.label}."
            )
        for was, now in zip(before.minimums, after.minimums, strict=True):
            name = _lower_first(now.rule.label)
            if now.met and not was.met:
                lines.append(f"Meets the {name} minimum of {hours_phrase(now.rule.hours)}.")
            elif now.counted > was.counted:
                lines.append(
                    f"Brings {name} to {hours(now.counted)} of {hours_phrase(now.rule.hours)}."
                )
        return lines


@dataclass(frozen=True)
class Counts:
    """The panel: what still has to be given, or what the activity counts towards."""

    proposal: Proposal | None = None
    missing: tuple[str, ...] = ()
    policies: tuple[PolicyCount, ...] = ()
    follows_none: bool = False
    today: date | None = None

    @property
    def future_note(self) -> str:
        """A word about an end date after today, which is most likely a slip."""
        if self.proposal is None or self.today is None or self.proposal.completed_on <= self.today:
            return ""
        return (
            f"Its end date, {format_date(self.proposal.completed_on)}, is after today. An "
            "activity counts in the period it ends in, so check the date."
        )

    @property
    def needs(self) -> str:
        """'Add the date and hours to see what this counts towards.'"""
        if not self.missing:
            return ""
        return f"Add the {_joined(list(self.missing))} to see what this counts towards."

    @property
    def counted_now(self) -> dict[str, Decimal]:
        """Policy code: hours of the activity that count towards its current period."""
        return {count.policy.code: count.counted_now for count in self.policies}


def proposal_from(
    data: dict,
    *,
    activity: Activity | None = None,
    topic_names: Iterable[tuple[str, str]] = (),
) -> tuple[Proposal | None, tuple[str, ...]]:
    """The activity as a form's valid fields give it, or what is still missing.

    `data` holds what validated of: type, start_date, end_date, hours. `topic_names` is the
    chosen topics' (code, name). A saved activity keeps its reflection and status.
    """
    kind, start, end, amount = (data.get(n) for n in ("type", "start_date", "end_date", "hours"))
    missing = [
        NEEDED[name]
        for name, value in (("type", kind), ("date", start), ("hours", amount))
        if not value or (name == "hours" and value <= 0)
    ]
    if missing:
        return None, tuple(missing)
    topics = list(topic_names)
    proposal = Proposal(
        category=Category(kind),
        completed_on=end if end and end >= start else start,
        hours=amount,
        topics=frozenset(code for code, _ in topics),
        topic_names=tuple(name for _, name in topics),
        has_reflection=bool(activity and activity.has_reflection),
        is_draft=bool(activity and activity.is_draft),
        activity_id=activity.pk if activity else None,
    )
    return proposal, ()


def proposal_for(activity: Activity, topics: Iterable) -> Proposal:
    """A saved activity as it stands; `topics` are its Topic objects (already read)."""
    topics = list(topics)
    return Proposal(
        category=activity.category,
        completed_on=activity.completed_on,
        hours=activity.hours,
        topics=frozenset(topic.code for topic in topics),
        topic_names=tuple(topic.name for topic in topics),
        has_reflection=activity.has_reflection,
        is_draft=activity.is_draft,
        activity_id=activity.pk,
        saved=True,
    )


def for_activity(owner, activity: Activity, topics: Iterable, *, today: date) -> Counts:
    """What the owner's saved activity counts towards, for its page; `topics` already read."""
    return what_counts(owner, proposal_for(activity, topics), today=today)


def _where(policy: Policy, day: date, today: date) -> tuple[str, int, engine.Period]:
    """Where `day` falls for the policy, the year of the period to check, the current period."""
    current = engine.Period.ending_in(today.year, policy.period_years)
    if day in current:
        return CURRENT, today.year, current
    return (EARLIER if day < current.start else LATER), day.year, current


def what_counts(
    owner,
    proposal: Proposal,
    *,
    today: date,
    policies: list[Policy] | None = None,
) -> Counts:
    """What `proposal` counts towards under each policy the member follows."""
    policies = followed_policies(owner) if policies is None else policies
    if not policies:
        return Counts(proposal=proposal, follows_none=True)
    placed = {policy.pk: _where(policy, proposal.completed_on, today) for policy in policies}
    by_year: dict[int, list[Policy]] = {}
    for policy in policies:
        by_year.setdefault(placed[policy.pk][1], []).append(policy)
    # Outside the current period, the activity may still reach it through carry-over.
    elsewhere = [policy for policy in policies if placed[policy.pk][0] != CURRENT]
    spans = [period_to_check(group, year) for year, group in by_year.items()]
    if elsewhere:
        spans.append(period_to_check(elsewhere, today.year))
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    read = cpd_in_period(owner, start, end)
    others = [record for record in read if record.key != proposal.key]
    without = replace(read, records=others)
    with_it = replace(read, records=[*others, proposal.record()])

    def both(year: int, group: list[Policy]) -> dict[int, tuple]:
        kwargs = {"year": year, "today": today, "policies": group}
        pairs = zip(
            evaluate_followed(owner, cpd=without, **kwargs),
            evaluate_followed(owner, cpd=with_it, **kwargs),
            strict=True,
        )
        return {after.policy.pk: (before.evaluation, after.evaluation) for before, after in pairs}

    now = both(today.year, elsewhere) if elsewhere else {}
    results = {}
    for year, group in by_year.items():
        for pk, (before, after) in both(year, group).items():
            where, _, current = placed[pk]
            results[pk] = PolicyCount(
                policy=next(policy for policy in group if policy.pk == pk),
                proposal=proposal,
                where=where,
                current_period=current,
                before=before,
                after=after,
                current_before=now.get(pk, (None, None))[0],
                current_after=now.get(pk, (None, None))[1],
            )
    return Counts(
        proposal=proposal,
        policies=tuple(results[policy.pk] for policy in policies),
        today=today,
    )
