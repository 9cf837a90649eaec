"""Importing a data export into an empty account: the upload, then the import's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import posted
from careermanager.portability import conf, services
from careermanager.portability.forms import ImportForm
from careermanager.portability.models import DataImport


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            data_import = services.import_request(
                owner=request.user, upload=form.cleaned_data["file"]
            )
        except services.ImportRefused as error:
            form.add_error("file", str(error))
        else:
            return redirect("portability:import-status", pk=data_import.pk)
    return render(
        request,
        "portability/import.html",
        {
            "form": form,
            "empty": services.account_is_empty(request.user),
            "max_bytes": conf.import_max_bytes(),
        },
    )


@require_safe
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress and outcome; htmx polls the #progress fragment until it ends."""
    data_import = get_object_or_404(DataImport.objects.owned_by(request.user), pk=pk)
    template = "portability/import_status.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"data_import": data_import})
