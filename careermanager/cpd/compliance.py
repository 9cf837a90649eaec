"""Check a member's record against the policies they follow (the engine over the database)."""

from dataclasses import dataclass
from datetime import date

from careermanager.core import pagecache
from careermanager.cpd import engine
from careermanager.cpd.categories import Category
from careermanager.cpd.models import MemberPolicy, Policy
from careermanager.cpd.queries import CpdInPeriod, cpd_in_period


def policy_spec(policy: Policy) -> engine.PolicySpec:
    """The engine's view of a policy; expects rules and their topics prefetched."""
    return engine.PolicySpec(
        code=policy.code,
        name=str(policy),
        period_years=policy.period_years,
        total_minimum=policy.total_minimum_hours,
        requires_reflection=policy.requires_reflection,
        carry_over=(
            engine.CarryOver(policy.carry_over_max_hours, policy.carry_over_periods)
            if policy.carry_over_max_hours is not None
            else None
        ),
        rules=tuple(
            engine.Rule(
                kind=rule.kind,
                label=rule.label,
                hours=rule.hours,
                categories=frozenset(rule.categories),
                topics=frozenset(topic.code for topic in rule.topics.all()),
            )
            for rule in policy.rules.all()
        ),
    )


@dataclass(frozen=True)
class PolicyStatus:
    policy: Policy
    evaluation: engine.Evaluation

    @property
    def target_per_year(self):
        return self.policy.target_per_year


def all_policies() -> dict[int, Policy]:
    """Every policy with its institution, rules and the rules' topics, in the policies' order.

    Three queries, read once per process for each global data version (core.pagecache):
    only staff, the admin and imports change policies. Shared between requests: read only.
    """
    return pagecache.shared(
        "cpd.policies", lambda: {policy.pk: policy for policy in Policy.objects.with_rules()}
    )


def policies_with_ids(ids) -> list[Policy]:
    """The policies with these ids, as all_policies gives them, in the policies' order."""
    wanted = set(ids)
    return [policy for pk, policy in all_policies().items() if pk in wanted]


def followed_policies(owner) -> list[Policy]:
    """The member's policies with their rules: one query (their choice) and the shared ones."""
    return policies_with_ids(
        MemberPolicy.objects.owned_by(owner).values_list("policy_id", flat=True)
    )


def engine_items(cpd: CpdInPeriod) -> list[engine.Item]:
    """The engine's view of a member's CPD; academic study counts without hours."""
    return [
        engine.Item(
            key=record.key,
            title=(
                f"{record.title}, {record.institution}"
                if record.category == Category.ACADEMIC
                else record.title
            ),
            category=record.category,
            completed_on=cpd.completed_on(record),
            hours=engine.ZERO if record.hours is None else record.hours,
            topics=record.topics,
            has_reflection=record.has_reflection,
        )
        for record in cpd
    ]


def years_to_read(policy: Policy) -> int:
    """The years a policy's check ending in a year reads: its period, and under carry-over
    the periods before it that hours may be carried from."""
    periods = 1 + (policy.carry_over_periods if policy.carry_over_max_hours is not None else 0)
    return policy.period_years * periods


def period_to_check(policies: list[Policy], year: int) -> engine.Period:
    """The years every followed policy looks back over from `year` (at least `year` itself),
    including the earlier periods a policy with carry-over carries hours from."""
    longest = max((years_to_read(policy) for policy in policies), default=1)
    return engine.Period.ending_in(year, longest)


def evaluate_followed(
    owner,
    *,
    year: int,
    today: date,
    policies: list[Policy] | None = None,
    cpd: CpdInPeriod | None = None,
) -> list[PolicyStatus]:
    """Each followed policy checked over its period ending with `year`.

    Pass `cpd` already read for at least `period_to_check(policies, year)`, ending with
    `year`, to save reading it again.
    """
    policies = followed_policies(owner) if policies is None else policies
    if not policies:
        return []
    if cpd is None:
        widest = period_to_check(policies, year)
        cpd = cpd_in_period(owner, widest.start, widest.end)
    items = engine_items(cpd)
    return [
        PolicyStatus(
            policy,
            engine.evaluate(
                policy_spec(policy),
                items,
                period=engine.Period.ending_in(year, policy.period_years),
                today=today,
            ),
        )
        for policy in policies
    ]


def yearly_target(policies: list[Policy]) -> tuple:
    """The largest yearly target among the member's policies, and whose it is."""
    targets = [(p.target_per_year, p) for p in policies if p.target_per_year is not None]
    if not targets:
        return None, None
    return max(targets, key=lambda pair: pair[0])
