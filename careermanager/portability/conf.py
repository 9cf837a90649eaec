"""The portability app's settings, read from the environment (README, configuration).

Each can also be set in the Django settings under the same name without the prefix.
"""

from django.conf import settings

from careermanager.env import env_int, env_list, env_str

KEEP_CHOICES = ("declarations", "applications")
DEFAULT_KEEP_REASON = (
    "The institution must keep what you sent it: submitted CPD declarations and registration "
    "applications are the record of its decisions about your membership and registration, "
    "and may be checked for six years after they were made."
)


def export_days() -> int:
    """Days a data export is kept for download before it is deleted."""
    return getattr(settings, "EXPORT_DAYS", None) or env_int(
        "CAREERMANAGER_EXPORT_DAYS", 3, minimum=1
    )


def import_max_bytes() -> int:
    """The largest export zip an import accepts, and the most its files may add up to."""
    return getattr(settings, "IMPORT_MAX_BYTES", None) or env_int(
        "CAREERMANAGER_IMPORT_MAX_MB", 200, minimum=1
    ) * (1024 * 1024)


def deletion_keeps() -> tuple[str, ...]:
    """What deleting an account leaves with the institution: "declarations", "applications"."""
    kept = getattr(settings, "ACCOUNT_DELETION_KEEPS", None)
    if kept is None:
        kept = env_list("CAREERMANAGER_ACCOUNT_DELETION_KEEPS", list(KEEP_CHOICES))
        kept = [] if kept == ["none"] else kept
    unknown = set(kept) - set(KEEP_CHOICES)
    if unknown:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "CAREERMANAGER_ACCOUNT_DELETION_KEEPS may list declarations and applications "
            f"(or be none), not {', '.join(sorted(unknown))}"
        )
    return tuple(kept)


def deletion_reason() -> str:
    """Why the institution keeps those records, shown to the member before they delete."""
    return getattr(settings, "ACCOUNT_DELETION_REASON", None) or env_str(
        "CAREERMANAGER_ACCOUNT_DELETION_REASON", DEFAULT_KEEP_REASON
    )
