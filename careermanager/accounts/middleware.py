from contextlib import suppress
from functools import cache
from urllib.parse import quote

from django.apps import apps
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from careermanager.accounts.services import has_two_factor
from careermanager.core.prepared import PreparedQuery

# Pages a signed-in person can always reach, so they can finish signing in or leave.
_ALWAYS_OPEN = ("accounts:logout", "accounts:two-factor-verify", "accounts:two-factor-setup")


class TwoFactorMiddleware:
    """Ask for the second factor when it is on; make staff turn it on before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.path.startswith("/static/"):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _ALWAYS_OPEN:
            return None
        if user.is_verified():
            return None
        if has_two_factor(user):
            return redirect(
                f"{reverse('accounts:two-factor-verify')}?next={quote(request.get_full_path())}"
            )
        if user.is_staff or user.is_reviewer:
            return redirect("accounts:two-factor-setup")
        return None


@cache
def _device_query(model: type[Device]) -> PreparedQuery:
    return PreparedQuery(lambda pk: model.objects.filter(pk=pk).order_by(), pk=0)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, loading the session's authenticator with a query compiled once
    per process (django-otp builds it afresh on every request of someone signed in with one).
    """

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        with suppress(ValueError, LookupError):
            label, pk = persistent_id.rsplit("/", 1)
            model = apps.get_model(*label.split("."))
            if issubclass(model, Device):
                return _device_query(model).first(pk=int(pk))
        return None
