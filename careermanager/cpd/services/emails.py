"""Which CPD emails a member wants."""

from django.db import transaction

from careermanager.core.audit import audit
from careermanager.cpd.models import EmailSettings


def email_settings_for(owner) -> EmailSettings:
    """The member's CPD email settings; both emails on when they never changed them."""
    return EmailSettings.objects.owned_by(owner).first() or EmailSettings(owner=owner)


@transaction.atomic
def email_settings_update(*, owner, pace_reminders: bool, reflection_note: bool) -> EmailSettings:
    chosen, _ = EmailSettings.objects.select_for_update().get_or_create(owner=owner)
    wanted = {"pace_reminders": pace_reminders, "reflection_note": reflection_note}
    changed = {name: value for name, value in wanted.items() if getattr(chosen, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(chosen, name, value)
        chosen.full_clean()
        chosen.save(update_fields=[*changed, "updated_at"])
        audit("cpd.email_settings.changed", actor=owner, target=chosen, data=changed)
    return chosen
