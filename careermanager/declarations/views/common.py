"""What every declaration page shares: finding the member's own declaration."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect

from careermanager.core.access import owned_or_404
from careermanager.declarations.models import Declaration

SUBMITTED_MESSAGE = "This declaration has been submitted, so it can no longer change."


def owned_declaration(request: HttpRequest, pk: int) -> Declaration:
    return owned_or_404(Declaration.objects.all(), request.user, pk=pk)


def if_submitted(request: HttpRequest, declaration: Declaration):
    """A redirect to the submitted declaration, with a message, or None for a draft."""
    if declaration.is_submitted:
        messages.info(request, SUBMITTED_MESSAGE)
        return redirect("declarations:detail", pk=declaration.pk)
    return None
