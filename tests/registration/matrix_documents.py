"""The application's supporting documents, downloads and sharing, for the authorization matrix."""

from tests.matrix import NOT_FOUND, Case, everyone, owner_only


def _draft(owner) -> dict:
    from tests.registration.factories import complete_application

    return {"pk": complete_application(owner).pk}


def _locked(owner) -> dict:
    from tests.registration.factories import locked_application

    return {"pk": locked_application(owner).pk}


def _submitted(owner) -> dict:
    from tests.registration.factories import submitted_application

    return {"pk": submitted_application(owner).pk}


def _document(owner) -> dict:
    return _draft(owner) | {"slug": "degree"}


def _reader_ticket(owner) -> dict:
    from careermanager.core.models import GuestTicket
    from careermanager.registration.sharing import application_share
    from tests.registration.factories import complete_application

    application = complete_application(owner)
    ticket = application_share(
        application=application, actor=owner, name="Rhoda Reader", email="rhoda@example.net"
    )
    assert isinstance(ticket, GuestTicket)
    return {"pk": application.pk, "ticket_id": ticket.pk}


CASES = [
    Case("registration:application-documents", owner_only(), kwargs=_draft),
    Case(
        "registration:application-documents",
        owner_only(),
        kwargs=_locked,
        note="read-only once locked",
    ),
    Case("registration:application-document", owner_only(), kwargs=_document),
    Case("registration:application-download", owner_only(), kwargs=_draft),
    Case("registration:application-pdf", owner_only(), kwargs=_submitted),
    Case(
        "registration:application-pdf",
        owner_only(owner=NOT_FOUND),
        kwargs=_draft,
        note="a draft has no kept PDF",
    ),
    Case("registration:application-share", owner_only(), kwargs=_draft),
    Case("registration:application-share-revoke", owner_only(), kwargs=_reader_ticket),
    # The reader's pages open only with a reader's guest session, never by signing in.
    Case("registration:guest-draft", everyone(NOT_FOUND)),
    Case("registration:guest-draft-download", everyone(NOT_FOUND)),
]
