"""Check a member's record against the policies they follow (the engine over the database)."""

from dataclasses import dataclass
from datetime import date

from careermanager.cpd import engine
from careermanager.cpd.models import Policy
from careermanager.cpd.records import cpd_items


def policy_spec(policy: Policy) -> engine.PolicySpec:
    """The engine's view of a policy; expects rules and their topics prefetched."""
    return engine.PolicySpec(
        code=policy.code,
        name=str(policy),
        period_years=policy.period_years,
        total_minimum=policy.total_minimum_hours,
        requires_reflection=policy.requires_reflection,
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


def followed_policies(owner) -> list[Policy]:
    return list(Policy.objects.followed_by(owner).with_rules())


def evaluate_followed(
    owner, *, year: int, today: date, policies: list[Policy] | None = None
) -> list[PolicyStatus]:
    """Each followed policy checked over its period ending with `year`."""
    policies = followed_policies(owner) if policies is None else policies
    if not policies:
        return []
    longest = max(policy.period_years for policy in policies)
    widest = engine.Period.ending_in(year, longest)
    items = cpd_items(owner, widest.start, widest.end)
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
