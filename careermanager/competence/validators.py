"""Checks on what members type."""

import re

from django.core.exceptions import ValidationError

# Longer text is refused before it is searched: every field checked here is far shorter.
MAX_CHECKED_LENGTH = 10_000

# A scheme (https://, ftp://, mailto:) or a www. host. Each alternative has a fixed width, so a
# search takes time in proportion to the text, whatever the text is.
_SCHEME = re.compile(r"[a-z0-9+.\-]://|\bmailto:|\bwww\.", re.IGNORECASE)
# Runs of host-name characters, each matched once: a bare domain is looked for inside them.
_HOSTISH = re.compile(r"[a-z0-9\-.]+", re.IGNORECASE)
_DOMAIN_ENDINGS = frozenset(
    ("com", "org", "net", "io", "uk", "gov", "edu", "info", "biz", "eu", "co")
)

_LINK_MESSAGE = (
    "Enter the name or number of the document, not a web link, for example "
    "“Test report TR-114, issue 2”. Career Manager does not store links or files."
)


def _has_bare_domain(run: str) -> bool:
    """Whether `example.org`, `intranet.example.co.uk/...`: a name, a dot, a common ending."""
    labels = run.split(".")
    return any(
        labels[i - 1] and labels[i].lower() in _DOMAIN_ENDINGS for i in range(1, len(labels))
    )


def contains_link(value: str) -> bool:
    if _SCHEME.search(value):
        return True
    return any(_has_bare_domain(match.group()) for match in _HOSTISH.finditer(value))


def reject_links(value: str) -> None:
    """Evidence references name a document; they are never links."""
    if not value:
        return
    if len(value) > MAX_CHECKED_LENGTH:
        raise ValidationError(
            f"This must be {MAX_CHECKED_LENGTH:,} characters or fewer.", code="max_length"
        )
    if contains_link(value):
        raise ValidationError(_LINK_MESSAGE, code="link")
