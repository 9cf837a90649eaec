"""Load the CPD policies shipped in data/policies.json into the database.

Used by a data migration with historical models, so it takes a `get_model` function rather
than importing the models. Records are matched by code: loading twice changes nothing.
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


def load_policies(get_model: Callable[[str], type], data: dict) -> None:
    """Create the topics, institutions, policies and rules that do not exist yet."""
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
