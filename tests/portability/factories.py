"""The demo member with uploaded files: a member with something of every kind to carry."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from careermanager.accounts.models import User
from careermanager.declarations.models import Declaration
from careermanager.documents.services import document_upload
from tests.documents.files import image, pdf


def make_demo_member() -> User:
    """The demo's member, with every app's demo records and two uploaded files."""
    from careermanager.core.management.commands.demo import MEMBER_EMAIL

    call_command("demo", force=True, stdout=io.StringIO())
    member = User.objects.get(email=MEMBER_EMAIL)
    declaration = Declaration.objects.owned_by(member).order_by("year").first()
    document_upload(
        owner=member,
        holder=declaration,
        type_key="declaration.activity-report",
        files=[SimpleUploadedFile("My CPD log 2025.pdf", pdf(2))],
    )
    document_upload(
        owner=member,
        holder=declaration,
        type_key="declaration.planning-report",
        files=[SimpleUploadedFile("plan.png", image("PNG"))],
    )
    return member
