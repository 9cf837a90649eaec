from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts import forms, services
from careermanager.accounts.tokens import email_verification_token
from careermanager.core.audit import audit
from careermanager.core.forms import posted
from careermanager.core.mail import site_url
from careermanager.core.models import AuditEvent


def local_path(request: HttpRequest, target: str | None) -> str:
    """The target if it is a path on this site ("/cpd/"), else "": never a name or another host."""
    target = target or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return ""


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return local_path(request, target) or reverse(default)


class LocalRedirectMixin:
    """Follow `next` only to a path on this site; anything else goes to the default page."""

    def get_redirect_url(self, request=None):
        request = request or self.request
        return local_path(request, super().get_redirect_url(request))


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = forms.SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.user_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        # The same page whether or not the address was new: it reveals nothing.
        return render(request, "accounts/signup_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def _user_from_uid(uidb64: str):
    User = get_user_model()
    try:
        return User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The emailed link shows a button; only the POST confirms the address."""
    user = _user_from_uid(uidb64)
    if user is not None and user.email_verified:
        messages.success(request, "Your email address is already confirmed. You can log in.")
        return redirect("accounts:login")
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_email_invalid.html", status=400)
    if request.method == "POST":
        services.user_verify_email(user=user)
        messages.success(request, "Thank you, your email address is confirmed. You can now log in.")
        return redirect("accounts:login")
    return render(request, "accounts/verify_email.html", {"email": user.email})


class LoginView(LocalRedirectMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("accounts.user.logged_in", actor=form.get_user(), target=form.get_user())
        return response


class LogoutView(LocalRedirectMixin, auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit("accounts.user.logged_out", actor=request.user, target=request.user)
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("accounts.user.password_changed", actor=self.request.user, target=self.request.user)
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        # Links in the email start from core.mail's site address: in production the configured
        # one, never the request's Host header.
        url = site_url()
        scheme, _, domain = url.partition("://")
        self.extra_email_context = {"site_url": url}
        self.domain_override = domain
        self.use_https = scheme == "https"
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit("accounts.user.password_reset", actor=form.user, target=form.user)
        messages.success(self.request, "Your password has been changed. You can now log in.")
        return response


@require_safe
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    backup_codes_left = StaticToken.objects.filter(device__user=user).count()
    return render(
        request,
        "accounts/security.html",
        {
            "two_factor_on": services.has_two_factor(user),
            "backup_codes_left": backup_codes_left,
            "recent_events": AuditEvent.objects.by_actor(user)[:10],
            # Apps above accounts add their settings here (AppConfig.security_links).
            "more_settings": [
                (label, reverse(url_name), hint)
                for config in apps.get_app_configs()
                for label, url_name, hint in getattr(config, "security_links", ())
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Start, scan and confirm an authenticator app."""
    user = request.user
    if services.has_two_factor(user):
        messages.info(request, "Two-factor sign-in is already on.")
        return redirect("accounts:security")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if request.method == "POST" and "start" in request.POST:
        services.two_factor_start(user=user)
        return redirect("accounts:two-factor-setup")
    if device is None:
        return render(request, "accounts/two_factor_start.html")
    form = forms.TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_confirm(
            user=user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is now on.")
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "first_time": True}
            )
        form.add_error(
            "token", "That code is not right. Check the time on your phone and try the newest code."
        )
    import segno

    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app", border=2
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _grouped_secret(device)},
    )


def _grouped_secret(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor after the password."""
    if request.user.is_verified() or not services.has_two_factor(request.user):
        return HttpResponseRedirect(_safe_next(request))
    form = forms.TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit(
                "accounts.two_factor.verified",
                actor=request.user,
                target=request.user,
                data={"device": device.__class__.__name__},
            )
            return HttpResponseRedirect(_safe_next(request))
        audit("accounts.two_factor.failed", actor=request.user, target=request.user)
        form.add_error("token", "That code is not right, or has been used. Try the newest code.")
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.has_two_factor(user):
        raise Http404
    if user.is_reviewer or user.is_staff:
        messages.error(request, "Staff accounts must keep two-factor sign-in on.")
        return redirect("accounts:security")
    form = forms.PasswordConfirmForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        services.two_factor_disable(user=user)
        messages.success(request, "Two-factor sign-in is now off.")
        return redirect("accounts:security")
    return render(request, "accounts/two_factor_disable.html", {"form": form})


@require_POST
@login_required
def backup_codes_replace(request: HttpRequest) -> HttpResponse:
    if not services.has_two_factor(request.user):
        raise Http404
    codes = services.two_factor_new_backup_codes(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": False})
