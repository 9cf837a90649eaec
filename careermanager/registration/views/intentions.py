"""The intention to register (the RPD form): starting, the checklist, its sections, submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core import once
from careermanager.core.access import owned_or_404
from careermanager.core.forms import apply_errors, posted
from careermanager.profiles.queries import personal_details
from careermanager.registration import application_checklist, services
from careermanager.registration.checklist import checklist, missing, required_done
from careermanager.registration.forms import CategoryForm, NoteForm, SubmitForm, SupportersForm
from careermanager.registration.models import Application, Intention, Route, Supporter
from careermanager.registration.views.common import sent_context


def owned_intention(request: HttpRequest, pk: int) -> Intention:
    return owned_or_404(Intention.objects.with_progress(), request.user, pk=pk)


def owned_draft(request: HttpRequest, pk: int) -> Intention:
    """The member's own draft: a submitted intention cannot be changed, so it is not found."""
    return owned_or_404(Intention.objects.drafts().with_progress(), request.user, pk=pk)


def _back_to_checklist(intention: Intention) -> HttpResponse:
    return redirect("registration:intention-detail", pk=intention.pk)


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    intentions = list(Intention.objects.owned_by(request.user).with_progress())
    draft = next((i for i in intentions if not i.is_submitted), None)
    applications = list(Application.objects.owned_by(request.user).defer("snapshot"))
    application = next((a for a in applications if not a.is_sent), None)
    context = {
        "draft": draft,
        "submitted": [i for i in intentions if i.is_submitted],
        "supporter_count": Supporter.objects.owned_by(request.user).count(),
        "application": application,
        "sent_applications": [a for a in applications if a.is_sent],
    }
    if draft is not None:
        context["done"], context["required"] = required_done(checklist(draft))
    if application is not None and application.is_draft:
        context["application_done"], context["application_required"] = (
            application_checklist.required_done(application_checklist.checklist(application))
        )
    return render(request, "registration/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def intention_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                intention, created = services.intention_start(owner=request.user)
                submission.leads_to(reverse("registration:intention-detail", args=[intention.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        if created:
            messages.success(request, "You have started your intention to register.")
        else:
            messages.info(request, "You had already started an intention: here it is.")
        return _back_to_checklist(intention)
    draft = Intention.objects.owned_by(request.user).drafts().first()
    return render(request, "registration/start.html", {"draft": draft})


@require_safe
@login_required
def intention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_intention(request, pk)
    if intention.is_submitted:
        context = sent_context(intention, who="you")
        return render(request, "registration/submitted.html", context)
    items = checklist(intention)
    done, required = required_done(items)
    context = {
        "intention": intention,
        "items": items,
        "done": done,
        "required": required,
        "ready": not missing(items),
    }
    return render(request, "registration/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def intention_category(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_draft(request, pk)
    initial = {
        "category": intention.category,
        "timescale": intention.timescale,
        "route": intention.route or Route.NOT_KNOWN,
        "scheme_name": intention.scheme_name,
    }
    form = CategoryForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_set_category(
                intention=intention, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your category, timescale and route are saved.")
            return _back_to_checklist(intention)
    return render(request, "registration/category.html", {"intention": intention, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def intention_supporters(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_draft(request, pk)
    supporters = Supporter.objects.owned_by(request.user).order_by("name", "pk")
    form = SupportersForm(
        posted(request),
        supporters=supporters,
        initial={"supporters": list(intention.supporters.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_set_supporters(
                intention=intention,
                actor=request.user,
                supporters=list(form.cleaned_data["supporters"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your supporters are saved.")
            return _back_to_checklist(intention)
    context = {"intention": intention, "form": form, "has_supporters": supporters.exists()}
    return render(request, "registration/supporters.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def intention_note(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_draft(request, pk)
    form = NoteForm(posted(request), initial={"note": intention.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_set_note(
                intention=intention, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your note is saved.")
            return _back_to_checklist(intention)
    return render(request, "registration/note.html", {"intention": intention, "form": form})


def _check_context(request: HttpRequest, intention: Intention, form: SubmitForm) -> dict:
    items = checklist(intention)
    return {
        "intention": intention,
        "items": items,
        "missing": missing(items),
        "form": form,
        "personal": personal_details(request.user),
        "chosen": list(intention.supporters.order_by("name", "pk")),
    }


@require_safe
@login_required
def intention_check(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_draft(request, pk)
    context = _check_context(request, intention, SubmitForm())
    return render(request, "registration/check.html", context)


@require_POST
@login_required
def intention_submit(request: HttpRequest, pk: int) -> HttpResponse:
    intention = owned_intention(request, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                services.intention_submit(intention=intention, actor=request.user)
                submission.leads_to(reverse("registration:intention-detail", args=[intention.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except services.AlreadySubmitted:
            messages.info(request, "This intention had already been submitted.")
            return _back_to_checklist(intention)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                "Your intention to register has been submitted. "
                "We have emailed you to acknowledge it.",
            )
            return _back_to_checklist(intention)
    if intention.is_submitted:
        messages.info(request, services.SUBMITTED_MESSAGE)
        return _back_to_checklist(intention)
    context = _check_context(request, intention, form)
    return render(request, "registration/check.html", context)
