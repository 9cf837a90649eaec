"""Account changes: each one a transaction with an audit event; emails after commit."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import STAFF_GROUP, User, normalise_email
from careermanager.accounts.tokens import verification_path_args
from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, email_allowed, send_email

BACKUP_CODE_COUNT = 10


def send_verification_email(*, user: User) -> None:
    """Email a link to confirm the address, unless the hourly limit for it is reached."""
    if not email_allowed(purpose="accounts.confirm_email", address=user.email, member=user):
        return
    link = absolute_url(reverse("accounts:verify-email", kwargs=verification_path_args(user)))
    send_email(
        to=[user.email],
        subject="Confirm your email address",
        template="accounts/email/verify.txt",
        context={"user": user, "link": link},
    )


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str) -> User | None:
    """Create a member and email them a confirmation link.

    When the address already has an account, nothing is created and the owner of that
    address is told instead (at most a few times an hour), so the sign-up page never reveals
    who is registered; the password is hashed either way so that both take the same time.
    The same sign-up sent twice at once creates one account; the other returns None.
    """
    email = normalise_email(email)
    existing = User.objects.select_for_update().filter(email=email).first()
    if existing is not None:
        make_password(password)  # as long as creating an account takes
        if email_allowed(
            purpose="accounts.already_registered", address=existing.email, member=existing
        ):
            send_email(
                to=[existing.email],
                subject="You already have an account",
                template="accounts/email/already_registered.txt",
                context={
                    "user": existing,
                    "login_link": absolute_url(reverse("accounts:login")),
                    "reset_link": absolute_url(reverse("accounts:password-reset")),
                },
            )
        audit("accounts.user.sign_up_repeated", target=existing)
        return None
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same form sent twice at once: the other request made the account and sent
        # its confirmation email.
        return None
    audit("accounts.user.signed_up", actor=user, target=user)
    send_verification_email(user=user)
    return user


@transaction.atomic
def user_verify_email(*, user: User) -> User:
    """Mark the address confirmed; confirming twice changes nothing."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit("accounts.user.email_verified", actor=user, target=user)
    return user


@transaction.atomic
def user_set_role(*, user: User, role: User.Role, actor: User | None) -> User:
    """Make someone a member, a member of staff, or an administrator."""
    staff_group = Group.objects.get(name=STAFF_GROUP)
    previous = user.role
    user.is_staff = user.is_superuser = role == User.Role.ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    if role == User.Role.STAFF:
        user.groups.add(staff_group)
    else:
        user.groups.remove(staff_group)
    # Permissions are cached on the instance; drop the cache so `role` reads the new state.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    audit(
        "accounts.user.role_changed",
        actor=actor,
        target=user,
        data={"from": str(previous), "to": str(role)},
    )
    return user


def _replace_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_start(*, user: User) -> TOTPDevice:
    """Create (or reuse) the unconfirmed authenticator the member is about to scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code from it; return new backup codes, or None."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _replace_backup_codes(user)
    _forget_two_factor(user)
    audit("accounts.two_factor.enabled", actor=user, target=user)
    send_email(
        to=[user.email],
        subject="Two-factor sign-in is now on",
        template="accounts/email/two_factor_changed.txt",
        context={"user": user, "enabled": True},
    )
    return codes


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _forget_two_factor(user)
    audit("accounts.two_factor.disabled", actor=user, target=user)
    send_email(
        to=[user.email],
        subject="Two-factor sign-in is now off",
        template="accounts/email/two_factor_changed.txt",
        context={"user": user, "enabled": False},
    )


@transaction.atomic
def two_factor_new_backup_codes(*, user: User) -> list[str]:
    codes = _replace_backup_codes(user)
    audit("accounts.two_factor.backup_codes_replaced", actor=user, target=user)
    return codes


def _forget_two_factor(user: User) -> None:
    if hasattr(user, "_has_two_factor"):
        del user._has_two_factor


def has_two_factor(user: User) -> bool:
    """Whether the person has a confirmed authenticator; asked once per request at most."""
    if not hasattr(user, "_has_two_factor"):
        user._has_two_factor = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return user._has_two_factor
