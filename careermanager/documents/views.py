"""Serving, removing and uploading supporting documents.

``document_download`` and ``document_remove`` are routed here (``documents/urls.py``).
``upload_page`` is for the apps that ask for documents: each routes its own upload page,
having found the holder among the member's own records, and hands over to it:

    @login_required
    def declaration_document(request, pk, type_key):
        declaration = owned_or_404(Declaration.objects, request.user, pk=pk)
        return upload_page(request, holder=declaration, type_key=type_key,
                           back_url=reverse("declarations:detail", args=[pk]),
                           layout="declarations/layout.html")
"""

import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.access import owned_or_404
from careermanager.core.audit import audit
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted
from careermanager.documents import services
from careermanager.documents.checks import CONTENT_TYPES, extension_of
from careermanager.documents.forms import DocumentUploadForm
from careermanager.documents.models import SupportingDocument
from careermanager.documents.queries import documents_for
from careermanager.documents.types import UnknownDocumentType, document_type, document_types


def attachment_header(name: str) -> str:
    """Content-Disposition for a download (RFC 6266): a plain-ASCII name, and the real one."""
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = (
        "".join(
            char if char.isprintable() and char not in '"\\;' else "_" for char in fallback
        ).strip()
        or f"document{extension_of(name)}"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_safe
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment, to its owner and to the institution's staff."""
    document = get_object_or_404(SupportingDocument.objects.visible_to(request.user), pk=pk)
    try:
        content = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this document is missing.") from None
    if document.owner_id != request.user.pk:
        audit("documents.document.downloaded", actor=request.user, target=document)
    # Our own type for the extension we stored, never what the browser sent.
    content_type = CONTENT_TYPES.get(extension_of(document.file.name), "application/octet-stream")
    response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def safe_next(request: HttpRequest) -> str:
    """Where to go back to: the ``next`` given, if it is on this site; else the home page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("core:home")


@require_http_methods(["GET", "POST"])
@login_required
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = owned_or_404(SupportingDocument.objects, request.user, pk=pk)
    name = document.original_name
    if document.is_locked:
        messages.error(
            request,
            f"“{name}” was sent with what it supports, so it can no longer be removed.",
        )
        return redirect(safe_next(request))
    return confirm_then(
        request,
        template="documents/remove.html",
        context={
            "document": document,
            "kind": document_types().get(document.type_key),
            "back_url": safe_next(request),
        },
        act=lambda: services.document_remove(document=document, actor=request.user),
        done=f"The file “{name}” has been removed.",
        next_url=safe_next(request),
    )


def upload_page(
    request: HttpRequest,
    *,
    holder: models.Model | str,
    type_key: str,
    back_url: str,
    back_label: str = "Back",
    layout: str = "base.html",
) -> HttpResponse:
    """The page to upload one type of document for a holder, or to replace the one uploaded.

    Replacing is said on the page before the file is chosen, and the form carries which upload
    it replaces: a form from before another upload cannot replace that one unseen.
    """
    try:
        kind = document_type(type_key)
    except UnknownDocumentType:
        raise Http404("No such document.") from None
    existing = documents_for(request.user, holder).get(type_key)
    form = DocumentUploadForm(
        *posted(request, files=True),
        kind=kind,
        initial={"replaces": existing.version if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["file"]
        try:
            if existing is None:
                document = services.document_upload(
                    owner=request.user,
                    holder=holder,
                    type_key=type_key,
                    files=files,
                    actor=request.user,
                )
                message = f"Your {kind.label} “{document.original_name}” has been uploaded."
            elif form.cleaned_data["replaces"] == existing.version:
                previous = existing.original_name
                document = services.document_replace(
                    document=existing, files=files, actor=request.user
                )
                message = f"Your {kind.label} “{document.original_name}” has replaced “{previous}”."
            else:
                document = None
                form.data = form.data.copy()
                form.data[form.add_prefix("replaces")] = existing.version
                form.add_error(
                    "file",
                    f"“{existing.original_name}” was uploaded as your {kind.label} while this "
                    "page was open. If you want to replace it, choose your file again.",
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if document is not None:
                messages.success(request, message)
                return redirect(back_url)
    return render(
        request,
        "documents/upload.html",
        {
            "form": form,
            "kind": kind,
            "existing": existing,
            "back_url": back_url,
            "back_label": back_label,
            "layout": layout,
        },
    )
