"""Forms for objectives, their actions, status changes and planning settings."""

from django import forms
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.queries import (
    SkillLevel,
    assessed_competences,
    current_competence,
    job_profile_targets,
    levels_for,
)
from careermanager.core.forms import counted_textarea, date_field
from careermanager.cpd import queries as cpd
from careermanager.development.models import TEXT_LIMIT, Action, Objective, Status
from careermanager.development.services import NOT_YOUR_ACTIVITY, NOT_YOUR_TRAINING
from careermanager.profiles import queries as profiles

TITLE_LIMIT = Objective._meta.get_field("title").max_length
NOT_ASSESSED = "not assessed yet"


def level_label(value: str) -> str:
    return SkillLevel(value).label if value else NOT_ASSESSED


def suggested_title(level: str, code: str, title: str) -> str:
    """ "Reach Practitioner in B2 Plan and carry out tasks", cut to fit."""
    text = f"Reach {SkillLevel(level).label} in {code} {title}"
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "…"


class ObjectiveForm(forms.Form):
    """What the objective is about, written SMART: what, how measured, why, by when."""

    kind = forms.ChoiceField(
        label="What is this objective about?",
        choices=Objective.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the objective is about"},
    )
    competence = forms.ChoiceField(
        label="Competence from your assessments",
        required=False,
        help_text="From the frameworks you have assessed yourself against, with your level now.",
    )
    profile_competence = forms.ChoiceField(
        label="Competence from your job profiles",
        required=False,
        help_text="The level each role needs, and your level now.",
    )
    target_level = forms.ChoiceField(
        label="Level you want to reach",
        required=False,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label="What do you want to achieve?",
        max_length=TITLE_LIMIT,
        help_text="Specific: one clear outcome, for example “Lead the protection design of a "
        "substation extension”.",
        error_messages={
            "required": "Enter what you want to achieve",
            "max_length": f"What you want to achieve must be {TITLE_LIMIT} characters or fewer",
        },
    )
    measure = forms.CharField(
        label="How will you know you have achieved it?",
        max_length=TEXT_LIMIT,
        widget=counted_textarea(TEXT_LIMIT, rows=3),
        help_text="Measurable: what you will be able to show, such as a design signed off, a "
        "course passed or your manager's feedback.",
        error_messages={
            "required": "Enter how you will know you have achieved it",
            "max_length": f"How you will know must be {TEXT_LIMIT:,} characters or fewer",
        },
    )
    reason = forms.CharField(
        label="Why does it matter?",
        required=False,
        max_length=TEXT_LIMIT,
        widget=counted_textarea(TEXT_LIMIT, rows=3),
        help_text="Relevant: how it helps in your role, towards registration or your career.",
        error_messages={"max_length": f"Why it matters must be {TEXT_LIMIT:,} characters or fewer"},
    )
    target_date = date_field(
        "Target date",
        help_text="Time-bound and achievable: when you mean to have done it, leaving enough time "
        "alongside your work. For example 31 3 2027.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        initial=Status.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )

    def __init__(
        self,
        *args,
        owner,
        objective: Objective | None = None,
        gap=None,
        propose: bool = False,
        **kwargs,
    ):
        """`gap` is the link's query (?competence=…&level=…[&job_profile=…]); with `propose`,
        the form starts filled in from it. A competence it names of a current framework the
        member has not assessed (the next grade's) is offered too, on the page and its POST.
        """
        super().__init__(*args, **kwargs)
        self.owner, self.objective = owner, objective
        if objective is not None:
            # The status changes on its own page, so that completing sets its date.
            del self.fields["status"]
        competences = list(assessed_competences(owner))
        if (
            objective is not None
            and objective.competence_id
            and not any(c.pk == objective.competence_id for c in competences)
        ):
            competences.append(objective.competence)
        linked = (gap or {}).get("competence", "")
        if (
            linked.isdigit()
            and not any(c.pk == int(linked) for c in competences)
            and (found := current_competence(int(linked))) is not None
        ):
            competences.append(found)
        targets = job_profile_targets(owner)
        self.levels = levels_for(owner, [c.pk for c in competences])
        for target in targets:
            self.levels.setdefault(target.competence_id, target.current_level)
        self.competences = {c.pk: c for c in competences}
        self.targets = {f"{t.job_profile_id}-{t.competence_id}": t for t in targets}
        self._set_competence_choices(competences)
        self._set_profile_choices(targets)
        # Offer only the kinds the member can choose: no assessment, no objective about one.
        offered = {
            Objective.Kind.FRAMEWORK: "competence" in self.fields,
            Objective.Kind.JOB_PROFILE: "profile_competence" in self.fields,
            Objective.Kind.PERSONAL: True,
        }
        self.fields["kind"].choices = [
            (value, label) for value, label in Objective.Kind.choices if offered[value]
        ]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = Objective.Kind.PERSONAL
            self.fields["kind"].help_text = (
                "Assess yourself against a framework, or add a job profile, to set objectives "
                "about competences."
            )
        if gap is not None and propose:
            self.initial |= self.initial_from_gap(gap)
        self.current_level = self.levels.get(self.chosen_competence_id(), "")
        self._set_target_level_choices()
        # With JavaScript, choosing a competence marks the levels above the member's own.
        refresh = {
            "hx-get": reverse("development:objective-new"),
            "hx-trigger": "change",
            "hx-target": "#target-level",
            "hx-select": "#target-level",
            "hx-swap": "outerHTML",
            "hx-include": "[name='kind'],[name='competence'],[name='profile_competence']",
        }
        for name in ("kind", "competence", "profile_competence"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(refresh)

    def _set_competence_choices(self, competences) -> None:
        field = self.fields["competence"]
        if not competences:
            del self.fields["competence"]
            return
        groups: dict[str, list] = {}
        for competence in competences:
            framework = competence.area.framework
            name = str(framework) + (" (retired)" if framework.is_retired else "")
            level = level_label(self.levels.get(competence.pk, ""))
            groups.setdefault(name, []).append(
                (str(competence.pk), f"{competence} (your level: {level})")
            )
        field.choices = [("", "Choose a competence"), *groups.items()]

    def _set_profile_choices(self, targets) -> None:
        field = self.fields["profile_competence"]
        if not targets:
            del self.fields["profile_competence"]
            return
        groups: dict[str, list] = {}
        for key, target in self.targets.items():
            groups.setdefault(target.job_profile_title, []).append(
                (
                    key,
                    f"{target.competence_code} {target.competence_title} (the role needs "
                    f"{target.target_label}; your level: {level_label(target.current_level)})",
                )
            )
        field.choices = [("", "Choose a competence"), *groups.items()]

    def _set_target_level_choices(self) -> None:
        current = SkillLevel.rank_of(self.current_level)
        field = self.fields["target_level"]
        field.choices = [
            (
                level.value,
                level.label
                + (
                    " (your level now)"
                    if level.rank == current
                    else " (above your level now)"
                    if current and level.rank > current
                    else ""
                ),
            )
            for level in SkillLevel
        ]
        if self.current_level:
            field.help_text = (
                f"Your level now is {SkillLevel(self.current_level).label}. "
                "Choose a level above it."
            )
        else:
            field.help_text = (
                "Not needed for a personal goal. Once you choose a competence you have "
                "assessed, your level now is shown here."
            )

    def _value(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "") or ""
        return str(self.initial.get(name, "") or "")

    def chosen_competence_id(self) -> int | None:
        """The competence the form is about now: as posted, or as first shown."""
        kind = self._value("kind")
        if kind == Objective.Kind.FRAMEWORK:
            value = self._value("competence")
        elif kind == Objective.Kind.JOB_PROFILE:
            value = self._value("profile_competence").partition("-")[2]
        else:
            value = ""
        return int(value) if value.isdigit() else None

    def initial_from_gap(self, gap) -> dict:
        """A proposed objective from a gap link: ?competence=<pk>&level=<value>[&job_profile=<pk>].

        Anything that is not one of the member's own competences or job profiles is ignored,
        so an old or altered link still opens an empty form.
        """
        if gap.get("kind") == Objective.Kind.PERSONAL:
            return {"kind": Objective.Kind.PERSONAL}
        chosen = gap.get("profile_competence", "")
        if gap.get("kind") == Objective.Kind.JOB_PROFILE and chosen in self.targets:
            # The form itself asking which levels to mark, as the member changes competence.
            return {"kind": Objective.Kind.JOB_PROFILE, "profile_competence": chosen}
        competence, level = gap.get("competence", ""), gap.get("level", "")
        profile = gap.get("job_profile", "")
        if not competence.isdigit():
            return {}
        initial: dict = {}
        key = f"{profile}-{competence}"
        if profile.isdigit() and key in self.targets:
            target = self.targets[key]
            initial = {"kind": Objective.Kind.JOB_PROFILE, "profile_competence": key}
            code, title = target.competence_code, target.competence_title
            level = level if level in SkillLevel.values else target.target_level
        elif int(competence) in self.competences and "competence" in self.fields:
            found = self.competences[int(competence)]
            initial = {"kind": Objective.Kind.FRAMEWORK, "competence": competence}
            code, title = found.code, found.title
        else:
            return {}
        if level in SkillLevel.values:
            initial["target_level"] = level
            initial["title"] = suggested_title(level, code, title)
        return initial

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Objective.Kind.FRAMEWORK and not data.get("competence"):
            self.add_error(
                "competence" if "competence" in self.fields else "kind",
                "Choose the competence from your assessments",
            )
        if kind == Objective.Kind.JOB_PROFILE and not data.get("profile_competence"):
            self.add_error(
                "profile_competence" if "profile_competence" in self.fields else "kind",
                "Choose the competence from your job profiles",
            )
        if kind and kind != Objective.Kind.PERSONAL and not data.get("target_level"):
            self.add_error("target_level", "Choose the level you want to reach")
        target_date = data.get("target_date")
        if self.objective is None and target_date and target_date < timezone.localdate():
            self.add_error("target_date", "The target date must be today or in the future")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        competence_id = job_profile_id = None
        if kind == Objective.Kind.FRAMEWORK:
            competence_id = int(data["competence"])
        elif kind == Objective.Kind.JOB_PROFILE:
            profile, _, competence = data["profile_competence"].partition("-")
            competence_id, job_profile_id = int(competence), int(profile)
        kwargs = {
            "kind": kind,
            "competence_id": competence_id,
            "job_profile_id": job_profile_id,
            "target_level": data.get("target_level", "") if competence_id else "",
            "title": data["title"],
            "measure": data["measure"],
            "reason": data["reason"],
            "target_date": data["target_date"],
        }
        if "status" in data:
            kwargs["status"] = data["status"]
        return kwargs

    @staticmethod
    def initial_for(objective: Objective) -> dict:
        initial = {
            "kind": objective.kind,
            "target_level": objective.target_level,
            "title": objective.title,
            "measure": objective.measure,
            "reason": objective.reason,
            "target_date": objective.target_date,
        }
        if objective.kind == Objective.Kind.FRAMEWORK:
            initial["competence"] = str(objective.competence_id)
        elif objective.kind == Objective.Kind.JOB_PROFILE:
            if objective.job_profile_id:
                initial["profile_competence"] = (
                    f"{objective.job_profile_id}-{objective.competence_id}"
                )
            else:
                # The job profile has been deleted: it stays an objective about the competence.
                initial["kind"] = Objective.Kind.FRAMEWORK
                initial["competence"] = str(objective.competence_id)
        return initial


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of action",
        choices=[("", "Choose the type"), *Action.Kind.choices],
        error_messages={"required": "Choose the type of action"},
    )
    description = forms.CharField(
        label="What will you do?",
        max_length=300,
        help_text="For example “Read IET Code of Practice for protection, chapters 3 to 5”.",
        error_messages={
            "required": "Enter what you will do",
            "max_length": "What you will do must be 300 characters or fewer",
        },
    )
    due_date = date_field("Due date", help_text="When you mean to have done it.")
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        initial=Status.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )
    training = forms.TypedChoiceField(
        label="Training record that fulfilled it",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="From the training in your profile.",
        error_messages={"invalid_choice": NOT_YOUR_TRAINING},
    )
    activity = forms.TypedChoiceField(
        label="CPD activity that fulfilled it",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="From the CPD activities you have logged.",
        error_messages={"invalid_choice": NOT_YOUR_ACTIVITY},
    )

    def __init__(self, *args, owner, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not adding:
            del self.fields["status"]
        for name, choices in (
            ("training", profiles.training_choices(owner)),
            ("activity", cpd.activity_choices(owner)),
        ):
            self.fields[name].choices = [("", "None"), *((str(pk), label) for pk, label in choices)]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["training_id"] = data.pop("training")
        data["activity_id"] = data.pop("activity")
        return data

    @staticmethod
    def initial_for(action: Action) -> dict:
        return {
            "kind": action.kind,
            "description": action.description,
            "due_date": action.due_date,
            "training": action.training_id,
            "activity": action.activity_id,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        error_messages={"required": "Choose the status"},
    )
    completed_on = date_field(
        "Completed on",
        required=False,
        help_text="Only when it is complete. Leave it empty for today.",
    )

    def clean_completed_on(self):
        value = self.cleaned_data.get("completed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The completion date must be today or in the past")
        return value


class PlanSettingsForm(forms.Form):
    reminders = forms.BooleanField(
        label="Email me a week before an action is due",
        required=False,
        help_text="One email for each action, sent once; moving the due date sends a new one.",
    )
