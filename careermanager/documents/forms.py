"""The form for one type of supporting document: one file, or several where they can be joined."""

from django import forms

from careermanager.documents.types import DocumentType

EMPTY = "The file you chose is empty."


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, cleaned one by one into a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = list(data) if isinstance(data, list | tuple) else [data]
        cleaned = []
        for item in items or [None]:
            cleaned.append(super().clean(item, initial))
        return cleaned


class DocumentUploadForm(forms.Form):
    """Choose the file (or files) for one document type.

    ``cleaned_data["file"]`` is always a list, ready for ``services.document_upload``.
    ``replaces`` carries which upload of the document the page warned would be replaced, so an
    upload can only replace a document the member was told about.
    """

    replaces = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, files=None, *, kind: DocumentType, **kwargs):
        kwargs.setdefault("prefix", kind.key.replace(".", "-"))
        super().__init__(data, files, **kwargs)
        self.kind = kind
        several = bool(kind.mergeable)
        field_class = MultipleFileField if several else forms.FileField
        self.fields["file"] = field_class(
            label=kind.label,
            help_text=kind.hint,
            error_messages={
                "required": f"Choose a file for your {kind.label}.",
                "empty": EMPTY,
                "invalid": f"Choose a file for your {kind.label}.",
            },
            widget=(MultipleFileInput if several else forms.FileInput)(
                attrs={"accept": kind.rule.accept}
            ),
        )
        self.order_fields(["file"])

    def clean_file(self):
        files = self.cleaned_data["file"]
        return files if isinstance(files, list) else [files]
