from contextlib import suppress
from functools import cache, partial
from urllib.parse import quote

from django.apps import apps
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from careermanager.accounts.backends import SESSION_DEVICE
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


def _app_device_pk(persistent_id: str | None) -> int:
    """The id of the authenticator app a session was verified with; 0 for anything else."""
    label, _, pk = (persistent_id or "").rpartition("/")
    if label.lower() == "otp_totp.totpdevice" and pk.isdigit():
        return int(pk)
    return 0


@cache
def _device_query(model: type[Device]) -> PreparedQuery:
    return PreparedQuery(lambda pk: model.objects.filter(pk=pk).order_by(), pk=0)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, without a query of its own for the usual authenticator.

    django-otp loads the session's authenticator on every request of someone signed in with
    one. For an authenticator app, the query that loads the user (accounts.backends) already
    says whether it is still theirs and confirmed; the device itself is loaded only if
    something reads it. Any other authenticator (backup codes) is loaded with a query compiled
    once per process.
    """

    def _verify_user_sync(self, request, user):
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        app_device = _app_device_pk(persistent_id)
        token = SESSION_DEVICE.set(app_device)
        try:
            self._init_user_fields(user)  # loads the user, with what SESSION_DEVICE asks
        finally:
            SESSION_DEVICE.reset(token)
        if not user.is_authenticated or not persistent_id:
            return user
        if app_device and getattr(user, "frame_session_device", None) == app_device:
            # Still theirs and confirmed, as of the query that loaded the user.
            user.otp_device = SimpleLazyObject(
                partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        # Anything else (backup codes; an app removed or unconfirmed) as django-otp does.
        device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        return user

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        with suppress(ValueError, LookupError):
            label, pk = persistent_id.rsplit("/", 1)
            model = apps.get_model(*label.split("."))
            if issubclass(model, Device):
                return _device_query(model).first(pk=int(pk))
        return None
