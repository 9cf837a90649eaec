"""The CV's lists (employment, education, schemes, training, achievements) described once.

The list, add, change and delete views are shared; each section says which model and form it
uses, what its records are called and what a delete would lose.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format

from careermanager.core.formatting import counted, hours
from careermanager.profiles import forms
from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    Training,
)


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _dates(record) -> str:
    start = _date(record.start_date)
    end = _date(record.end_date)
    if getattr(record, "is_current", False):
        return f"{start} to present"
    return f"{start} to {end}" if end else start


@dataclass(frozen=True)
class Section:
    key: str  # URL names <key>-list, -add, -edit, -delete
    model: type[models.Model]
    form: type[forms.ProfileForm]
    title: str  # the list page's heading
    singular: str  # "role", used in "Add a role", "Delete this role"
    article: str  # "a" or "an"
    purpose: str  # what the section is for, shown when it is empty
    summary: Callable[[models.Model], list[tuple[str, str]]]  # what a delete would lose
    per_page: int = 25

    @property
    def list_url(self) -> str:
        return f"profiles:{self.key}-list"

    @property
    def add_url(self) -> str:
        return f"profiles:{self.key}-add"

    @property
    def edit_url(self) -> str:
        return f"profiles:{self.key}-edit"

    @property
    def delete_url(self) -> str:
        return f"profiles:{self.key}-delete"

    @property
    def list_template(self) -> str:
        return f"profiles/{self.key}_list.html"


def _employment_summary(record: Employment) -> list[tuple[str, str]]:
    people = record.accountability_people.count()
    rows = [
        ("Job title", record.job_title),
        ("Employer", record.employer),
        ("Dates", _dates(record)),
        ("Responsibilities", counted(len(record.responsibilities), "character")),
        ("Achievements", counted(len(record.achievements), "character")),
    ]
    if people:
        rows.append(
            (
                "Accountability diagram",
                f"{counted(people, 'person', 'people')} above you or reporting to you",
            )
        )
    return rows


SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section(
            key="employment",
            model=Employment,
            form=forms.EmploymentForm,
            title="Employment",
            singular="role",
            article="a",
            purpose="Your jobs, placements, apprenticeships and volunteering, with what you were "
            "responsible for and what you achieved in each. A registration application is "
            "judged largely on these, so write them in the first person.",
            summary=_employment_summary,
        ),
        Section(
            key="education",
            model=Education,
            form=forms.EducationForm,
            title="Education",
            singular="qualification",
            article="a",
            purpose="Your academic qualifications and formally assessed work-based learning, "
            "such as degrees, HNCs and apprenticeship qualifications.",
            summary=lambda r: [
                ("Course", r.course),
                ("Institution", r.institution),
                ("Qualification", r.get_qualification_type_display() or "Not given"),
                ("Dates", _dates(r)),
            ],
        ),
        Section(
            key="scheme",
            model=DevelopmentScheme,
            form=forms.DevelopmentSchemeForm,
            title="Development schemes",
            singular="development scheme",
            article="a",
            purpose="Structured programmes you have followed, such as a graduate development "
            "scheme or an apprenticeship, accredited or not.",
            summary=lambda r: [
                ("Scheme", r.name),
                ("Provider", r.provider),
                ("Status", r.get_status_display()),
                ("Dates", _dates(r)),
            ],
        ),
        Section(
            key="training",
            model=Training,
            form=forms.TrainingForm,
            title="Training",
            singular="training record",
            article="a",
            purpose="Courses, seminars, conferences, on-the-job training, shadowing, "
            "secondments and your employer's mandatory training, with the hours each took. "
            "Training hours count towards your CPD.",
            summary=lambda r: [
                ("Title", r.title),
                ("Type", r.get_kind_display()),
                ("Dates", _dates(r)),
                ("Hours", hours(r.hours)),
            ],
            per_page=50,
        ),
        Section(
            key="achievement",
            model=Achievement,
            form=forms.AchievementForm,
            title="Achievements",
            singular="achievement",
            article="an",
            purpose="Patents, published papers, awards and membership activity such as "
            "serving on a committee or board.",
            summary=lambda r: [
                ("Title", r.title),
                ("Type", r.get_kind_display()),
                ("Date", _date(r.date)),
                ("Reference", r.reference or "None"),
            ],
        ),
    )
}
