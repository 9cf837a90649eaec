"""Serve a rendered document as a download."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from careermanager.reports.renderers import Rendered


def download(rendered: Rendered) -> HttpResponse:
    """An attachment response; personal data, so no cache may keep a copy."""
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=rendered.filename
    )
    response["Content-Length"] = str(len(rendered.content))
    response["Cache-Control"] = "private, no-store"
    return response
