"""Importing a data export into an empty account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careermanager.core.formatting import counted
from careermanager.core.forms import posted
from careermanager.portability import conf, services
from careermanager.portability.archive import ArchiveError, read_archive
from careermanager.portability.forms import ImportForm


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(*posted(request, files=True))
    empty = services.account_is_empty(request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            archive = read_archive(upload, size=upload.size, max_bytes=conf.import_max_bytes())
            result = services.import_archive(owner=request.user, archive=archive)
        except (ArchiveError, services.ImportRefused) as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Your data is imported: {counted(result.records, 'record')} and "
                f"{counted(result.files, 'file')}.",
            )
            return redirect("portability:index")
    return render(
        request,
        "portability/import.html",
        {"form": form, "empty": empty, "max_bytes": conf.import_max_bytes()},
    )
