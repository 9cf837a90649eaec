from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from careermanager.accounts.services import has_two_factor

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
