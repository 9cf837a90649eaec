"""The application's supporting documents, its downloads, and sharing a draft to read.

Member pages: the supporting documents (upload, replace and remove through the documents app,
or the accountability diagrams the profile draws), the draft's download (PDF or Word, made
while the member waits, like the profile's downloads), the submitted application's kept PDF,
and sharing the application with a reader by guest ticket (and withdrawing it).

The reader's guest pages: the application, read-only, and its PDF; nothing else. Once the
application is submitted they say so instead (see ``share.py`` for why).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.access import owned_or_404
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted
from careermanager.core.guest import guest_page, private
from careermanager.core.models import GuestTicket
from careermanager.documents.queries import documents_for
from careermanager.documents.types import document_type
from careermanager.documents.views import upload_page
from careermanager.profiles.orgchart import chart_for, roles_for_diagram, standalone_svg
from careermanager.registration import applications, sharing
from careermanager.registration.application_checklist import documents_needed
from careermanager.registration.application_records import shown_records
from careermanager.registration.documents import render_application
from careermanager.registration.models import Application
from careermanager.registration.presenters import inline_diagrams, present
from careermanager.registration.share import READER_PURPOSE
from careermanager.registration.supporting import ACCOUNTABILITY, DOCUMENT_TYPES, SLUGS
from careermanager.reports.forms import format_field
from careermanager.reports.responses import download, download_file

TEMPLATES = "registration/application_documents/"
SHARE_TEMPLATES = "registration/share/"


def _application(request: HttpRequest, pk: int) -> Application:
    return owned_or_404(Application.objects.select_related("owner"), request.user, pk=pk)


# Supporting documents ----------------------------------------------------------------------


class DiagramForm(forms.Form):
    use_profile_diagram = forms.TypedChoiceField(
        label="Your accountability diagram",
        choices=[
            ("yes", "Use the diagrams my profile draws"),
            ("no", "Upload a diagram of my own"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you will give your accountability diagram."},
    )


def _profile_diagrams(owner) -> list[dict]:
    """The diagrams the profile draws now: the current post, and the previous one if recent."""
    diagrams = []
    for number, role in enumerate(roles_for_diagram(owner)):
        chart = chart_for(role)
        svg = standalone_svg(chart)
        diagrams.append(
            {
                "employment_id": role.pk,
                "caption": f"{role.job_title}, {role.employer}",
                "svg": svg,
                "current": number == 0,
                "has_people": bool(chart.top_down or chart.reports),
            }
        )
    return diagrams


def _document_rows(application: Application, needed: list[str]) -> list[dict]:
    documents = documents_for(application.owner, application)
    rows = []
    for kind in DOCUMENT_TYPES:
        slug = next(slug for slug, key in SLUGS.items() if key == kind.key)
        rows.append(
            {
                "kind": document_type(kind.key),
                "document": documents.get(kind.key),
                "required": kind.key in needed,
                "upload_url": reverse(
                    "registration:application-document", args=[application.pk, slug]
                ),
                "is_diagram": kind.key == ACCOUNTABILITY,
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def application_documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not application.is_draft:
        # Locked or sent: the files are fixed; show them with their fingerprints.
        records = shown_records(application)
        return render(
            request,
            f"{TEMPLATES}fixed.html",
            {"application": application, "view": present(records)},
        )
    form = DiagramForm(
        posted(request),
        initial={"use_profile_diagram": "yes" if application.use_profile_diagram else "no"},
    )
    if request.method == "POST" and form.is_valid():
        use_profile = form.cleaned_data["use_profile_diagram"]
        try:
            applications.application_update(
                application=application,
                section="diagram",
                actor=request.user,
                use_profile_diagram=use_profile,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                "Saved. Your application will use the diagrams your profile draws."
                if use_profile
                else "Saved. Upload your accountability diagram below.",
            )
            return redirect("registration:application-documents", pk=application.pk)
    records = {"application": {"use_profile_diagram": application.use_profile_diagram}}
    records["application"]["route"] = application.route
    rows = _document_rows(application, documents_needed(records))
    diagram_row = next(row for row in rows if row["is_diagram"])
    context = {
        "application": application,
        "form": form,
        "rows": [row for row in rows if not row["is_diagram"]],
        "diagram_row": diagram_row,
        "diagram_rows": [diagram_row],
        "diagrams": inline_diagrams(_profile_diagrams(request.user)),
    }
    return render(request, f"{TEMPLATES}documents.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def application_document(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    application = _application(request, pk)
    if slug not in SLUGS:
        raise Http404("No such supporting document")
    if not application.is_draft:
        messages.info(
            request,
            "Your application is locked, so its supporting documents can no longer change."
            if application.is_locked
            else "Your application has been sent, so its supporting documents can no longer "
            "change.",
        )
        return redirect("registration:application-documents", pk=application.pk)
    return upload_page(
        request,
        holder=application,
        type_key=SLUGS[slug],
        back_url=reverse("registration:application-documents", args=[application.pk]),
        back_label="Back to your supporting documents",
        layout="registration/layout.html",
    )


# Downloads ---------------------------------------------------------------------------------


class DownloadForm(forms.Form):
    format = format_field("pdf", "docx")


@require_safe
@login_required
def application_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The application as it is now, as PDF or Word: a GET form, answered with the file."""
    application = _application(request, pk)
    form = DownloadForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return download(render_application(application, form.cleaned_data["format"]))
    return render(request, f"{TEMPLATES}download.html", {"application": application, "form": form})


@require_safe
@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitted application's PDF, as it was made from the snapshot and kept."""
    application = _application(request, pk)
    if not application.is_sent:
        raise Http404("This application has not been submitted")
    if not application.pdf:
        return render(request, f"{TEMPLATES}pdf_pending.html", {"application": application})
    return download_file(
        application.pdf,
        filename=f"application-{application.category}-{application.submitted_at:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )


# Sharing to read ---------------------------------------------------------------------------


class ShareForm(forms.Form):
    name = forms.CharField(
        label="Reader's full name",
        max_length=150,
        error_messages={"required": "Enter the name of the person you want to read it."},
    )
    email = forms.EmailField(
        label="Reader's email address",
        max_length=254,
        help_text="We email them a link that opens your application to read.",
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address in the right form, like name@example.com.",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def application_share(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = ShareForm(posted(request)) if not application.is_sent else None
    if request.method == "POST":
        if form is None:
            messages.error(request, sharing.SENT_MESSAGE)
            return redirect("registration:application-share", pk=application.pk)
        if form.is_valid():
            try:
                ticket = sharing.application_share(
                    application=application,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"We have emailed {ticket.guest_name} a link to read your application.",
                )
                return redirect("registration:application-share", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "tickets": list(sharing.reader_tickets(application)),
    }
    return render(request, f"{SHARE_TEMPLATES}share.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def application_share_revoke(request: HttpRequest, pk: int, ticket_id: int) -> HttpResponse:
    application = _application(request, pk)
    ticket = get_object_or_404(sharing.reader_tickets(application), pk=ticket_id)
    back = reverse("registration:application-share", args=[application.pk])
    if not ticket.is_valid:
        messages.info(request, f"{ticket.guest_name}'s link already no longer works.")
        return redirect(back)
    return confirm_then(
        request,
        template=f"{SHARE_TEMPLATES}revoke.html",
        context={"application": application, "ticket": ticket, "cancel_url": back},
        act=lambda: sharing.application_share_revoke(
            application=application, ticket=ticket, actor=request.user
        ),
        done=f"{ticket.guest_name}'s link has been withdrawn: it no longer opens your application.",
        next_url=back,
    )


# The reader's guest pages ------------------------------------------------------------------


def _sent_page(request: HttpRequest, application: Application) -> HttpResponse:
    return private(
        render(
            request,
            f"{SHARE_TEMPLATES}guest_sent.html",
            {"member": application.owner},
            status=410,
        )
    )


def _reader_ticket(ticket: GuestTicket) -> bool:
    return ticket.purpose == READER_PURPOSE


@require_safe
@guest_page(Application.objects.select_related("owner"))
def guest_draft(request: HttpRequest, ticket: GuestTicket, application: Application):
    if not _reader_ticket(ticket):
        raise Http404("Not a reader's link")
    if application.is_sent:
        return _sent_page(request, application)
    context = {
        "ticket": ticket,
        "member": application.owner,
        "application": application,
        "records": shown_records(application),
        "form": DownloadForm(initial={"format": "pdf"}),
    }
    return render(request, f"{SHARE_TEMPLATES}guest_draft.html", context)


@require_safe
@guest_page(Application.objects.select_related("owner"))
def guest_draft_download(request: HttpRequest, ticket: GuestTicket, application: Application):
    if not _reader_ticket(ticket):
        raise Http404("Not a reader's link")
    if application.is_sent:
        return _sent_page(request, application)
    form = DownloadForm(request.GET or {"format": "pdf"})
    if not form.is_valid():
        return redirect("registration:guest-draft")
    # Without the attesters' comments: they are told only the member and staff see them.
    rendered = render_application(application, form.cleaned_data["format"], attestations=False)
    return download(rendered)


urlpatterns: list = [
    path("application/<int:pk>/documents/", application_documents, name="application-documents"),
    path(
        "application/<int:pk>/documents/<slug:slug>/",
        application_document,
        name="application-document",
    ),
    path("application/<int:pk>/download/", application_download, name="application-download"),
    path("application/<int:pk>/pdf/", application_pdf, name="application-pdf"),
    path("application/<int:pk>/share/", application_share, name="application-share"),
    path(
        "application/<int:pk>/share/<int:ticket_id>/withdraw/",
        application_share_revoke,
        name="application-share-revoke",
    ),
    path("read/", guest_draft, name="guest-draft"),
    path("read/download/", guest_draft_download, name="guest-draft-download"),
]
