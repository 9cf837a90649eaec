from tests.matrix import NOT_FOUND, Case, members_only, owner_only, post_only


def _draft(owner) -> dict:
    from tests.declarations.factories import DeclarationFactory

    return {"pk": DeclarationFactory(owner=owner).pk}


def _submitted_with_pdf(owner) -> dict:
    from careermanager.declarations.services import declaration_submit
    from careermanager.declarations.tasks import make_submitted_pdf
    from tests.declarations.factories import DeclarationFactory

    declaration = DeclarationFactory(owner=owner, complete=True)
    declaration_submit(declaration=declaration, actor=owner)
    # Made here rather than after the commit, which a caller's transaction may never reach.
    make_submitted_pdf.call(declaration.pk)
    return {"pk": declaration.pk}


def _report(owner) -> dict:
    return _draft(owner) | {"report": "activity"}


def _document(owner) -> dict:
    return _draft(owner) | {"slug": "cv"}


CASES = [
    Case("declarations:index", members_only()),
    Case("declarations:start", members_only()),
    Case("declarations:detail", owner_only(), kwargs=_draft),
    Case("declarations:detail", owner_only(), kwargs=_submitted_with_pdf, note="submitted"),
    Case("declarations:monitoring", owner_only(), kwargs=_draft),
    Case("declarations:reports", owner_only(), kwargs=_draft),
    Case("declarations:report-request", post_only(), kwargs=_report),
    Case("declarations:employment-status", owner_only(), kwargs=_draft),
    Case("declarations:employment-history", owner_only(), kwargs=_draft),
    Case("declarations:academic-study", owner_only(), kwargs=_draft),
    Case("declarations:hours", owner_only(), kwargs=_draft),
    Case("declarations:compliance", owner_only(), kwargs=_draft),
    Case("declarations:supporting-documents", owner_only(), kwargs=_draft),
    Case("declarations:supporting-document", owner_only(), kwargs=_document),
    Case("declarations:summary", owner_only(), kwargs=_draft),
    Case("declarations:summary", owner_only(), kwargs=_submitted_with_pdf, note="submitted"),
    Case("declarations:summary-download", post_only(), kwargs=_draft),
    Case("declarations:check", owner_only(), kwargs=_draft),
    Case("declarations:submit", post_only(), kwargs=_draft),
    Case("declarations:submitted-pdf", owner_only(), kwargs=_submitted_with_pdf),
    Case(
        "declarations:submitted-pdf",
        owner_only(owner=NOT_FOUND),
        kwargs=_draft,
        note="a draft has no PDF",
    ),
]
