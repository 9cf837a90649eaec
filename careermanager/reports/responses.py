"""Serve a document as a download: made just now, or kept from a document job."""

from django.http import FileResponse, HttpResponse
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


def download_file(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file (a document job's) as an attachment, streamed, with the same headers."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
