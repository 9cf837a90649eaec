"""Objectives and their actions: create, read, change, change status, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.formatting import counted, format_date
from careermanager.core.forms import apply_errors, posted
from careermanager.development import forms, queries, services
from careermanager.development.models import Action, Objective, Status


def owned_objective(request: HttpRequest, pk: int) -> Objective:
    return get_object_or_404(queries.owned_objective(request.user, pk))


def owned_action(request: HttpRequest, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.owned_by(request.user).select_related("objective"), pk=pk
    )


def back_to(request: HttpRequest, default: str) -> str:
    """Where a status form came from (its `next` field), if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


@require_http_methods(["GET", "POST"])
@login_required
def objective_new(request: HttpRequest) -> HttpResponse:
    """A new objective; from a gap (?competence=…&level=…[&job_profile=…]) it comes pre-filled."""
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = forms.ObjectiveForm(
        posted(request), owner=request.user, gap=request.GET, propose=request.method == "GET"
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                objective = services.objective_create(owner=request.user, **form.service_kwargs())
                submission.leads_to(reverse("development:objective-detail", args=[objective.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{objective.title}” is in your plan. Now add the actions.")
            return redirect("development:objective-detail", pk=objective.pk)
    return render(request, "development/objective_form.html", {"form": form, "adding": True})


@require_safe
@login_required
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = owned_objective(request, pk)
    return render(
        request,
        "development/objective_detail.html",
        {"view": queries.objective_view(objective), "objective": objective},
    )


@require_http_methods(["GET", "POST"])
@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = owned_objective(request, pk)
    form = forms.ObjectiveForm(
        posted(request),
        owner=request.user,
        objective=objective,
        initial=forms.ObjectiveForm.initial_for(objective),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                objective=objective, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("development:objective-detail", pk=objective.pk)
    return render(
        request, "development/objective_form.html", {"form": form, "objective": objective}
    )


def _status_response(request, *, item, kind: str, form, saved: bool, default_next: str):
    """The status fragment for htmx, or a redirect back (or the form again) without it."""
    context = {
        kind: item,
        "status_form": form,
        "saved": saved,
        "next": back_to(request, default_next),
    }
    if request.htmx:
        return render(request, f"development/status.html#{kind}-status", context)
    if saved:
        return redirect(context["next"])
    return render(request, "development/status.html", context | {"page_kind": kind})


def _saved_message(item, status: str) -> str:
    name = f"“{item}”"
    if status == Status.COMPLETE:
        return f"{name} is complete ({format_date(item.completed_on)})."
    return f"{name} is now {Status(status).label.lower()}."


@require_http_methods(["GET", "POST"])
@login_required
def objective_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an objective's status: completing it moves it to the history; it can be reopened."""
    objective = owned_objective(request, pk)
    default_next = reverse("development:objective-detail", args=[objective.pk])
    form = forms.StatusForm(posted(request), initial={"status": objective.status})
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_set_status(
                objective=objective, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            saved = True
            message = _saved_message(objective, objective.status)
            if objective.status == Status.COMPLETE:
                message += " It is now in your development history."
            if not request.htmx:
                messages.success(request, message)
            form = forms.StatusForm(initial={"status": objective.status})
    return _status_response(
        request,
        item=objective,
        kind="objective",
        form=form,
        saved=saved,
        default_next=default_next,
    )


@require_http_methods(["GET", "POST"])
@login_required
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = owned_objective(request, pk)
    actions = objective.actions.count()
    return confirm_then(
        request,
        template="development/objective_delete.html",
        context={"objective": objective, "actions": actions},
        act=lambda: services.objective_delete(objective=objective, actor=request.user),
        done=lambda gone: (
            f"“{objective.title}” has been deleted"
            + (f", with its {counted(gone, 'action')}." if gone else ".")
        ),
        next_url=reverse("development:index"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    objective = owned_objective(request, pk)
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = forms.ActionForm(posted(request), owner=request.user)
    if request.method == "POST" and form.is_valid():
        another = "another" in request.POST
        try:
            with once.only_once(request) as submission:
                action = services.action_create(
                    objective=objective, actor=request.user, **form.service_kwargs()
                )
                page = "development:action-new" if another else "development:objective-detail"
                submission.leads_to(reverse(page, args=[objective.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{action.description}” is added.")
            if another:
                return redirect("development:action-new", pk=objective.pk)
            return redirect("development:objective-detail", pk=objective.pk)
    return render(
        request,
        "development/action_form.html",
        {"form": form, "objective": objective, "adding": True},
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = owned_action(request, pk)
    form = forms.ActionForm(
        posted(request),
        owner=request.user,
        adding=False,
        initial=forms.ActionForm.initial_for(action),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("development:objective-detail", pk=action.objective_id)
    return render(
        request,
        "development/action_form.html",
        {"form": form, "objective": action.objective, "action": action},
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = owned_action(request, pk)
    default_next = reverse("development:objective-detail", args=[action.objective_id])
    form = forms.StatusForm(posted(request), initial={"status": action.status})
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.action_set_status(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _saved_message(action, action.status))
            form = forms.StatusForm(initial={"status": action.status})
    return _status_response(
        request, item=action, kind="action", form=form, saved=saved, default_next=default_next
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = owned_action(request, pk)
    return confirm_then(
        request,
        template="development/action_delete.html",
        context={"action": action},
        act=lambda: services.action_delete(action=action, actor=request.user),
        done=f"“{action.description}” has been deleted.",
        next_url=reverse("development:objective-detail", args=[action.objective_id]),
    )
