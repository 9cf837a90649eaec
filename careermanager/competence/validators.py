"""Checks on what members type."""

import re

from django.core.exceptions import ValidationError

# A scheme (https://, ftp://, mailto:), a www. host, or a bare domain with a common ending.
_LINK = re.compile(
    r"([a-z][a-z0-9+.\-]*://)|(\bmailto:)|(\bwww\.)"
    r"|(\b[a-z0-9\-]+(\.[a-z0-9\-]+)*\.(com|org|net|io|uk|gov|edu|info|biz|eu|co)(/|\b))",
    re.IGNORECASE,
)


def reject_links(value: str) -> None:
    """Evidence references name a document; they are never links."""
    if value and _LINK.search(value):
        raise ValidationError(
            "Enter the name or number of the document, not a web link, for example "
            "“Test report TR-114, issue 2”. Career Manager does not store links or files.",
            code="link",
        )
