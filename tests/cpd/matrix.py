from tests.matrix import Case, members_only, owner_only, post_only


def _activity(owner) -> dict:
    from tests.cpd.factories import ActivityFactory

    return {"pk": ActivityFactory(owner=owner).pk}


def _draft(owner) -> dict:
    from tests.cpd.factories import ActivityFactory

    return {"pk": ActivityFactory(owner=owner, draft=True).pk}


def _folder(owner) -> dict:
    from tests.cpd.factories import FolderFactory

    return {"pk": FolderFactory(owner=owner).pk}


CASES = [
    Case("cpd:index", members_only()),
    Case("cpd:dashboard", members_only()),
    Case("cpd:activity-list", members_only()),
    Case("cpd:activity-add", members_only()),
    Case("cpd:capture", members_only()),
    Case("cpd:capture-send", post_only()),
    Case("cpd:activity-detail", owner_only(), kwargs=_activity),
    Case("cpd:activity-edit", owner_only(), kwargs=_activity),
    Case("cpd:activity-edit", owner_only(), kwargs=_draft, note="a calendar draft"),
    Case("cpd:activity-reflection", owner_only(), kwargs=_activity),
    Case("cpd:activity-delete", owner_only(), kwargs=_activity),
    Case("cpd:activity-evidence", owner_only(), kwargs=_activity),
    Case("cpd:activity-counts", post_only()),
    Case("cpd:activity-counts-edit", post_only(), kwargs=_activity),
    Case("cpd:folder-list", members_only()),
    Case("cpd:folder-add", members_only()),
    Case("cpd:folder-rename", owner_only(), kwargs=_folder),
    Case("cpd:folder-delete", owner_only(), kwargs=_folder),
    Case("cpd:policies", members_only()),
    Case("cpd:policy-choose", members_only()),
    Case("cpd:email-settings", members_only()),
    Case("cpd:report-list", members_only()),
    Case("cpd:report-new", members_only()),
    Case("cpd:import", members_only()),
    Case("cpd:import-calendar", members_only()),
    Case("cpd:drafts", members_only()),
    Case("cpd:drafts-discard-all", members_only()),
]
