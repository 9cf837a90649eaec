from tests.matrix import OK, Case, everyone, members_only, owner_only, post_only


def _export(owner) -> dict:
    from tests.portability.factories import ready_export

    return {"pk": ready_export(owner).pk}


def _batch(owner) -> dict:
    from tests.cpd.factories import ImportBatchFactory

    return {"pk": ImportBatchFactory(owner=owner).pk}


def _imported_batch(owner) -> dict:
    from careermanager.cpd.models import ImportBatch
    from tests.cpd.factories import ImportBatchFactory

    return {"pk": ImportBatchFactory(owner=owner, status=ImportBatch.Status.IMPORTED).pk}


def _import(owner) -> dict:
    from careermanager.portability.models import DataImport

    return {"pk": DataImport.objects.create(owner=owner, filename="export.zip").pk}


CASES = [
    Case("portability:index", members_only()),
    Case("portability:export-request", post_only()),
    Case("portability:export-status", owner_only(), kwargs=_export),
    Case("portability:export-download", owner_only(), kwargs=_export),
    Case("portability:export-schema", everyone(OK), note="a published format, public"),
    Case("portability:import", members_only()),
    Case("portability:import-status", owner_only(), kwargs=_import),
    Case("portability:legacy-csv", members_only()),
    Case("portability:legacy-preview", owner_only(), kwargs=_batch),
    Case("portability:legacy-cancel", post_only(), kwargs=_batch),
    Case("portability:legacy-status", owner_only(), kwargs=_imported_batch),
    Case("portability:json-resume", members_only()),
    Case("portability:activities-csv", members_only()),
    Case("portability:training-csv", members_only()),
    Case("portability:delete-account", members_only()),
    Case("portability:deleted", everyone(OK), note="said after signing out"),
]
