from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Supporting documents: files members upload for the apps above, checked by content.

    The apps that ask for documents declare their types as ``supporting_document_types`` on
    their own AppConfig (``careermanager.documents.types``); this app declares none.
    """

    name = "careermanager.documents"
    label = "documents"
    verbose_name = "Supporting documents"
