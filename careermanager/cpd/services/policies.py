"""Which CPD policies a member follows."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from careermanager.core.audit import audit
from careermanager.cpd.models import MemberPolicy, Policy


@transaction.atomic
def policies_follow(*, owner, policies: Iterable[Policy]) -> list[Policy]:
    """Follow exactly these policies (at most one per institution); stop following the rest."""
    chosen = list(policies)
    institutions = [policy.institution_id for policy in chosen]
    if len(institutions) != len(set(institutions)):
        raise ValidationError("Choose no more than one policy from each institution.")
    inactive = [policy for policy in chosen if not policy.is_active]
    current = set(MemberPolicy.objects.filter(owner=owner).values_list("policy_id", flat=True))
    # A retired policy the member already follows may stay; it cannot be newly chosen.
    if any(policy.pk not in current for policy in inactive):
        raise ValidationError("That policy is no longer offered.")
    wanted = {policy.pk for policy in chosen}
    MemberPolicy.objects.filter(owner=owner).exclude(policy__in=wanted).delete()
    MemberPolicy.objects.bulk_create(
        [MemberPolicy(owner=owner, policy=policy) for policy in chosen if policy.pk not in current]
    )
    if wanted != current:
        audit(
            "cpd.policies.chosen",
            actor=owner,
            target=owner,
            data={"policies": sorted(policy.code for policy in chosen)},
        )
    return chosen
