"""Background work: the PDF of a submitted application, made from its snapshot and kept."""

from django.tasks import task


@task
def make_application_pdf(application_id: int) -> None:
    """Make and keep the submitted application's PDF; safe to run twice."""
