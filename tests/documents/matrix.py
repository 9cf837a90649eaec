from tests.matrix import Case, owner_only


def _document(owner) -> dict:
    from tests.documents.factories import stored_document

    return {"pk": stored_document(owner).pk}


CASES = [
    # Staff read members' documents when they review what was submitted; only the owner
    # removes one.
    Case("documents:download", owner_only(staff="ok", admin="ok"), kwargs=_document),
    Case("documents:remove", owner_only(), kwargs=_document),
]
