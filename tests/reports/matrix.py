from tests.matrix import Case, owner_only


def _job(owner) -> dict:
    from tests.reports.factories import DocumentJobFactory

    return {"pk": DocumentJobFactory(owner=owner, ready=True).pk}


CASES = [
    # A document job's progress and file: the member who asked for it, and no one else.
    Case("reports:job-status", owner_only(), kwargs=_job),
    Case("reports:job-download", owner_only(), kwargs=_job),
]
