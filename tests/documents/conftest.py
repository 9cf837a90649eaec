"""Document types of our own, declared as an app above `documents` would declare them."""

import pytest

from careermanager.core.uploads import MB
from careermanager.documents.types import DocumentType, registered

CV = DocumentType(
    key="tests.cv",
    label="CV",
    help="Your current CV.",
    allow_merge=True,
)
DIAGRAM = DocumentType(
    key="tests.diagram",
    label="Accountability diagram",
    max_bytes=MB,
    extensions=(".pdf", ".png"),
)
HOLDER = "tests.application:1"


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    """An empty in-memory storage for each test (setting STORAGES again starts a new one)."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture(autouse=True)
def _document_types():
    with registered(CV, DIAGRAM):
        yield
