"""Load the CPD policies shipped in data/policies.json into the database.

Used by a data migration with historical models, so it takes a `get_model` function rather
than importing the models. Records are matched by code: loading twice changes nothing.

A policy that is already in the database is left as it is (an administrator may have changed
it), so a change to the file reaches existing databases only through a data migration of its
own, as 0006_policy_carry_over does for carry-over (`load_carry_over`).

A policy may allow carry-over, with the published rule it follows:

    "carry_over": {"max_hours": "8", "periods": 1, "source": "https://..."}

max_hours (required, above 0): at most this many hours above the total minimum count towards
the next period's total; periods (1 unless given, up to 5): from how many periods back;
source: the address of the institution's published rule. Carry-over needs a total minimum.
"""

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

POLICY_FILE = Path(__file__).parent / "data" / "policies.json"


def read_policy_file(path: Path = POLICY_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _hours(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


CARRY_OVER_KEYS = {"max_hours", "periods", "source"}
MAX_CARRY_OVER_PERIODS = 5


class PolicyDataError(ValueError):
    """The policy file says something the service cannot follow; the message says where."""


def _carry_over_errors(code: str, item: dict) -> list[str]:
    carry = item.get("carry_over")
    if carry is None:
        return []
    where = f"Policy {code!r}: carry_over"
    if not isinstance(carry, dict):
        return [f'{where} must be an object such as {{"max_hours": "8", "periods": 1}}.']
    errors = []
    unknown = sorted(set(carry) - CARRY_OVER_KEYS)
    if unknown:
        errors.append(
            f"{where} has unknown keys {', '.join(unknown)}; use max_hours, periods, source."
        )
    try:
        max_hours = Decimal(str(carry["max_hours"]))
        if not max_hours.is_finite() or max_hours <= 0:
            raise ValueError
    except KeyError:
        errors.append(f"{where} needs max_hours, the most hours carried into one period.")
    except (ArithmeticError, ValueError):
        errors.append(
            f"{where}.max_hours must be a number of hours above 0, not {carry['max_hours']!r}."
        )
    periods = carry.get("periods", 1)
    if (
        not isinstance(periods, int)
        or isinstance(periods, bool)
        or not 1 <= periods <= MAX_CARRY_OVER_PERIODS
    ):
        errors.append(
            f"{where}.periods must be a whole number from 1 to {MAX_CARRY_OVER_PERIODS}, "
            f"not {periods!r}."
        )
    source = carry.get("source", "")
    if not isinstance(source, str) or (source and not source.startswith(("https://", "http://"))):
        errors.append(
            f"{where}.source must be the web address of the published rule, not {source!r}."
        )
    if item.get("total_minimum_hours") is None:
        errors.append(f"{where} needs total_minimum_hours: only hours above a minimum carry over.")
    return errors


def validate_policy_data(data: dict) -> None:
    """Raise PolicyDataError listing every problem found (carry-over is what is checked)."""
    errors = []
    for institution in data.get("institutions", []):
        for item in institution.get("policies", []):
            errors += _carry_over_errors(item.get("code", "?"), item)
    if errors:
        raise PolicyDataError("The policy file cannot be loaded:\n" + "\n".join(errors))


def _carry_over_fields(item: dict) -> dict:
    carry = item.get("carry_over")
    if not carry:
        return {"carry_over_max_hours": None, "carry_over_periods": 1}
    return {
        "carry_over_max_hours": _hours(carry["max_hours"]),
        "carry_over_periods": carry.get("periods", 1),
    }


def _has_carry_over(Policy) -> bool:
    """Whether the (historical) model has the fields yet: they came after the first load."""
    return any(field.name == "carry_over_max_hours" for field in Policy._meta.get_fields())


def load_carry_over(get_model: Callable[[str], type], data: dict) -> None:
    """Give each policy in the file that allows carry-over its limit, where the policy in the
    database has none (so a limit an administrator set is kept)."""
    validate_policy_data(data)
    Policy = get_model("Policy")
    for institution in data["institutions"]:
        for item in institution["policies"]:
            if item.get("carry_over"):
                Policy.objects.filter(
                    code=item["code"],
                    carry_over_max_hours__isnull=True,
                    total_minimum_hours__isnull=False,
                ).update(**_carry_over_fields(item))


def load_policies(get_model: Callable[[str], type], data: dict) -> None:
    """Create the topics, institutions, policies and rules that do not exist yet."""
    validate_policy_data(data)
    Topic = get_model("Topic")
    Institution = get_model("Institution")
    Policy = get_model("Policy")
    PolicyRule = get_model("PolicyRule")

    topics = {}
    for entry in data["topics"]:
        topics[entry["code"]], _ = Topic.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "description": entry.get("description", ""),
                "order": entry.get("order", 0),
            },
        )
    for entry in data["institutions"]:
        institution, _ = Institution.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "short_name": entry["short_name"],
                "website": entry.get("website", ""),
                "order": entry.get("order", 0),
            },
        )
        for item in entry["policies"]:
            policy, created = Policy.objects.get_or_create(
                code=item["code"],
                defaults={
                    "institution": institution,
                    "name": item["name"],
                    "description": item.get("description", ""),
                    "period_years": item["period_years"],
                    "total_minimum_hours": _hours(item.get("total_minimum_hours")),
                    "requires_reflection": item.get("requires_reflection", False),
                    "order": item.get("order", 0),
                    **(_carry_over_fields(item) if _has_carry_over(Policy) else {}),
                },
            )
            if not created:
                continue  # an administrator may have changed it since: leave their rules alone
            for rule_data in item.get("rules", []):
                rule = PolicyRule.objects.create(
                    policy=policy,
                    kind=rule_data["kind"],
                    label=rule_data["label"],
                    hours=_hours(rule_data["hours"]),
                    categories=list(rule_data.get("categories", [])),
                    order=rule_data.get("order", 0),
                )
                rule.topics.set([topics[code] for code in rule_data.get("topics", [])])
