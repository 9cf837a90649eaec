"""Putting an export document's records into an empty account, keeping every value.

Records are created with the models of each app directly: an import restores what another
server already checked (each app's services would stamp new times, send emails and audit
every record), and it runs inside one transaction so that it all happens or none of it does.
Links between records (an action's CPD activity, a declaration's chosen roles, a supporting
document's holder) name ids of the exporting server; ``IdMaps`` turns them into the new ids.
Records are created in the order of their old ids, so lists that the apps order by id come
out in the same order. Creation and change times are restored as exported.

Reference data (frameworks, topics, CPD policies) is looked up by its codes; an export naming
one this server does not have is refused, naming it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from careermanager.competence.models import (
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
    JobProfile,
    JobProfileItem,
)
from careermanager.competence.schemas import CompetenceLevelRecord, CompetenceRef
from careermanager.cpd.models import Activity, Folder, MemberPolicy, Policy, Topic
from careermanager.declarations.models import Declaration
from careermanager.development.models import Action, Objective, Plan
from careermanager.portability.document import ExportDocument
from careermanager.profiles.models import (
    AccountabilityPerson,
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)
from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationRole,
    Attestation,
    Intention,
    Statement,
    Supporter,
)


class RestoreError(Exception):
    """The export names something this server does not have; the message says what."""


@dataclass
class IdMaps:
    """Old id → new id, per model label ("cpd.activity")."""

    ids: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))

    def keep(self, label: str, old: int, new: int) -> None:
        self.ids[label][old] = new

    def get(self, label: str, old: int | None) -> int | None:
        if old is None:
            return None
        try:
            return self.ids[label][old]
        except KeyError:
            raise RestoreError(
                f"The export links to a {label.split('.')[-1]} it does not contain."
            ) from None

    def holder(self, key: str) -> str | None:
        """A supporting document's holder key with its new id; None if it names no record.

        A part of a holder ("cpd.activity:42/3f9a0c1d2e4b", one of several files of a type)
        keeps its part after the new id.
        """
        head, slash, part = key.partition("/")
        label, colon, pk = head.rpartition(":")
        if not colon or not pk.isdigit() or label not in self.ids:
            return None
        new = self.ids[label].get(int(pk))
        return None if new is None else f"{label}:{new}{slash}{part}"


def _stamp(obj: models.Model, record) -> None:
    """Give a created row the times it had when exported."""
    times = {
        name: getattr(record, name)
        for name in ("created_at", "updated_at")
        if hasattr(record, name) and hasattr(obj, name)
    }
    if times:
        type(obj).objects.filter(pk=obj.pk).update(**times)


def _by_id(records):
    return sorted(records, key=lambda record: record.id)


def _values(record, *, leave: tuple[str, ...] = ()) -> dict:
    skip = {"id", "created_at", "updated_at", *leave}
    return {name: value for name, value in record if name not in skip}


class Competences:
    """Competences by framework code, edition and code, read once per framework."""

    def __init__(self):
        self.frameworks: dict[tuple[str, str], dict[str, Competence]] = {}

    def framework(self, code: str, edition: str):
        self._load(code, edition)
        competences = self.frameworks[(code, edition)]
        return next(iter(competences.values())).area.framework

    def _load(self, code: str, edition: str) -> None:
        if (code, edition) in self.frameworks:
            return
        found = {
            competence.code: competence
            for competence in Competence.objects.filter(
                area__framework__code=code, area__framework__edition=edition
            ).select_related("area__framework")
        }
        if not found:
            raise RestoreError(
                f"This server does not have the competence framework {code} ({edition}), "
                "which the export uses. Ask its administrators to add it, then import again."
            )
        self.frameworks[(code, edition)] = found

    def get(self, ref: CompetenceRef | None) -> Competence | None:
        if ref is None:
            return None
        self._load(ref.framework.code, ref.framework.edition)
        try:
            return self.frameworks[(ref.framework.code, ref.framework.edition)][ref.code]
        except KeyError:
            raise RestoreError(
                f"The competence framework {ref.framework.code} ({ref.framework.edition}) on "
                f"this server has no competence {ref.code}, which the export uses."
            ) from None


def _profiles(owner, document: ExportDocument, maps: IdMaps) -> None:
    records = document.profiles
    if records.personal is not None:
        PersonalDetails.objects.create(owner=owner, **_values(records.personal))
    if records.membership is not None:
        number = records.membership.membership_number
        if number and MembershipDetails.objects.filter(membership_number=number).exists():
            raise RestoreError(
                f"Another account on this server has the membership number {number}, so the "
                "export cannot be imported here. Contact the institution's staff."
            )
        MembershipDetails.objects.create(owner=owner, **_values(records.membership))
    for record in _by_id(records.employment):
        role = Employment.objects.create(
            owner=owner, **_values(record, leave=("accountability_people",))
        )
        maps.keep("profiles.employment", record.id, role.pk)
        AccountabilityPerson.objects.bulk_create(
            AccountabilityPerson(employment=role, **_values(person))
            for person in record.accountability_people
        )
    for model, label, items in (
        (Education, "profiles.education", records.education),
        (DevelopmentScheme, "profiles.developmentscheme", records.development_schemes),
        (Training, "profiles.training", records.training),
        (Achievement, "profiles.achievement", records.achievements),
    ):
        for record in _by_id(items):
            maps.keep(label, record.id, model.objects.create(owner=owner, **_values(record)).pk)


def _level(owner, record: CompetenceLevelRecord, competences: Competences) -> None:
    level = CompetenceAssessment.objects.create(
        owner=owner,
        competence=competences.get(record.competence),
        level=record.level,
        evidence=record.evidence,
        reference=record.reference,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )
    CompetenceRevision.objects.bulk_create(
        CompetenceRevision(competence_assessment=level, **dict(revision))
        for revision in record.revisions
    )


def _competence(owner, document: ExportDocument, maps: IdMaps, competences: Competences):
    records = document.competence
    for assessment in records.assessments:
        Assessment.objects.create(
            owner=owner,
            framework=competences.framework(
                assessment.framework.code, assessment.framework.edition
            ),
            created_at=assessment.created_at,
            updated_at=assessment.updated_at,
        )
    for record in [level for a in records.assessments for level in a.competences]:
        _level(owner, record, competences)
    for record in records.other_levels:
        _level(owner, record, competences)
    for record in _by_id(records.job_profiles):
        profile = JobProfile.objects.create(
            owner=owner, title=record.title, kind=record.kind, description=record.description
        )
        _stamp(profile, record)
        maps.keep("competence.jobprofile", record.id, profile.pk)
        JobProfileItem.objects.bulk_create(
            JobProfileItem(
                profile=profile,
                competence=competences.get(item.competence),
                target_level=item.target_level,
            )
            for item in record.items
        )


def _cpd(owner, document: ExportDocument, maps: IdMaps, competences: Competences) -> None:
    records = document.cpd
    for record in _by_id(records.folders):
        folder = Folder.objects.create(owner=owner, name=record.name)
        _stamp(folder, record)
        maps.keep("cpd.folder", record.id, folder.pk)
    _activities(owner, _by_id(records.activities), maps, competences)
    for record in records.policies:
        policy = Policy.objects.filter(
            code=record.policy, institution__code=record.institution
        ).first()
        if policy is None:
            raise RestoreError(
                f"This server has no CPD policy “{record.policy}” of “{record.institution}”, "
                "which you follow in the export."
            )
        chosen = MemberPolicy.objects.create(owner=owner, policy=policy)
        MemberPolicy.objects.filter(pk=chosen.pk).update(created_at=record.chosen_at)


BATCH = 500


def _activities(owner, records, maps: IdMaps, competences: Competences) -> None:
    """Activities are the bulk of most exports: created in batches, a few queries in all."""
    topics = {topic.code: topic for topic in Topic.objects.all()}
    activities = []
    for record in records:
        unknown = [code for code in record.topics if code not in topics]
        if unknown:
            raise RestoreError(
                f"This server has no CPD topic “{unknown[0]}”, which the export uses."
            )
        reflection = {f"reflection_{name}": value for name, value in record.reflection}
        activities.append(
            Activity(
                owner=owner,
                folder_id=maps.get("cpd.folder", record.folder_id),
                **_values(record, leave=("folder_id", "reflection", "topics", "competences")),
                **reflection,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    topic_links, competence_links = [], []
    for activity, record in zip(activities, records, strict=True):
        maps.keep("cpd.activity", record.id, activity.pk)
        # Given back as exported: bulk_create stamped them with the time of the import.
        activity.created_at, activity.updated_at = record.created_at, record.updated_at
        topic_links += [
            Activity.topics.through(activity_id=activity.pk, topic_id=topics[code].pk)
            for code in record.topics
        ]
        competence_links += [
            Activity.competences.through(
                activity_id=activity.pk, competence_id=competences.get(ref).pk
            )
            for ref in record.competences
        ]
    Activity.objects.bulk_update(activities, ["created_at", "updated_at"], batch_size=BATCH)
    Activity.topics.through.objects.bulk_create(topic_links, batch_size=BATCH)
    Activity.competences.through.objects.bulk_create(competence_links, batch_size=BATCH)


def _development(owner, document: ExportDocument, maps: IdMaps, competences: Competences):
    records = document.development
    for record in sorted(records.objectives, key=lambda objective: objective.id):
        objective = Objective.objects.create(
            owner=owner,
            competence=competences.get(record.competence),
            job_profile_id=maps.get("competence.jobprofile", record.job_profile_id),
            **_values(record, leave=("competence", "job_profile_id", "activity_ids", "actions")),
        )
        _stamp(objective, record)
        maps.keep("development.objective", record.id, objective.pk)
        objective.activities.set([maps.get("cpd.activity", pk) for pk in record.activity_ids])
        for action_record in _by_id(record.actions):
            action = Action.objects.create(
                objective=objective,
                training_id=maps.get("profiles.training", action_record.training_id),
                activity_id=maps.get("cpd.activity", action_record.activity_id),
                **_values(action_record, leave=("training_id", "activity_id")),
            )
            _stamp(action, action_record)
    Plan.objects.update_or_create(owner=owner, defaults={"reminders": records.plan.reminders})


def _registration(owner, document: ExportDocument, maps: IdMaps) -> None:
    records = document.registration
    for record in _by_id(records.supporters):
        supporter = Supporter.objects.create(owner=owner, **_values(record))
        _stamp(supporter, record)
        maps.keep("registration.supporter", record.id, supporter.pk)
    sent = {
        item.intention_id: item.sent.model_dump(mode="json") for item in document.intentions_sent
    }
    for record in _by_id(records.intentions):
        intention = Intention.objects.create(
            owner=owner, sent=sent.get(record.id), **_values(record, leave=("supporter_ids",))
        )
        _stamp(intention, record)
        maps.keep("registration.intention", record.id, intention.pk)
        intention.supporters.set(
            [maps.get("registration.supporter", pk) for pk in record.supporter_ids]
        )


def _applications(owner, document: ExportDocument, maps: IdMaps) -> None:
    parts = ("roles", "statements", "attestations", "events")
    for record in _by_id(document.registration.applications):
        application = Application.objects.create(owner=owner, **_values(record, leave=parts))
        _stamp(application, record)
        maps.keep("registration.application", record.id, application.pk)
        for role_record in record.roles:
            role = ApplicationRole.objects.create(
                application=application,
                employment_id=maps.get("profiles.employment", role_record.employment_id),
                included=role_record.included,
                text=role_record.text,
            )
            _stamp(role, role_record)
        for statement_record in record.statements:
            statement = Statement.objects.create(
                application=application, code=statement_record.code, text=statement_record.text
            )
            _stamp(statement, statement_record)
        for attestation in _by_id(record.attestations):
            Attestation.objects.create(
                application=application,
                supporter_id=maps.get("registration.supporter", attestation.supporter_id),
                **_values(attestation, leave=("supporter_id",)),
            )
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(application=application, **dict(event)) for event in record.events
        )


def _declarations(owner, document: ExportDocument, maps: IdMaps) -> None:
    for record in _by_id(document.declarations):
        values = _values(record, leave=("employment_ids", "study_ids"))
        declaration = Declaration.objects.create(
            owner=owner,
            employment_ids=[maps.get("profiles.employment", pk) for pk in record.employment_ids],
            study_ids=[maps.get("profiles.education", pk) for pk in record.study_ids],
            **values,
        )
        _stamp(declaration, record)
        maps.keep("declarations.declaration", record.id, declaration.pk)


def restore_records(owner, document: ExportDocument) -> IdMaps:
    """Create every record of the document for ``owner``; call inside a transaction."""
    maps = IdMaps()
    competences = Competences()
    _profiles(owner, document, maps)
    _competence(owner, document, maps, competences)
    _cpd(owner, document, maps, competences)
    _development(owner, document, maps, competences)
    _registration(owner, document, maps)
    _applications(owner, document, maps)
    _declarations(owner, document, maps)
    if owner.full_name != document.account.full_name:
        owner.full_name = document.account.full_name
        owner.save(update_fields=["full_name"])
    return maps
