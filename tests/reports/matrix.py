from tests.matrix import Case, members_only, owner_only


def _employment(owner) -> dict:
    from tests.reports.factories import employment

    return {"pk": employment(owner).pk}


CASES = [
    # Download forms: each member downloads their own records (staff and admins too).
    Case("reports:cv", members_only()),
    Case("reports:training-summary", members_only()),
    # Without ?format the chart downloads as a PDF; another member's role is a 404.
    Case("reports:orgchart", owner_only(), kwargs=_employment),
]
