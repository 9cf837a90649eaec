"""Django's model backend, reading what every page asks of the signed-in person in one query.

Each page's frame asks two things besides who is signed in: whether they review members'
submissions (staff: navigation, and two-factor sign-in is compulsory for them) and whether they
have an authenticator. With Django's ModelBackend that is three more queries on every request
(an authenticator, the person's permissions, their groups' permissions). Here they are two
EXISTS columns of the query that loads the user, so they are as fresh as the user row itself:
a role given or taken away, or an authenticator added or removed, counts from the next request.
The same query reads the member's own data version, which their kept pages are checked
against (core.pagecache), so that costs no query either.
"""

from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import REVIEW_PERMISSION, User
from careermanager.core.pagecache import MEMBER_VERSION_ATTRIBUTE, member_version_subquery
from careermanager.core.prepared import PreparedQuery

_APP_LABEL, _CODENAME = REVIEW_PERMISSION.split(".")
# Set on the user that get_user loads: whether they hold REVIEW_PERMISSION (for has_perm).
REVIEWS_ATTRIBUTE = "_reviews_from_query"


# The authenticator the session was verified with (an authenticator app's id; 0 for none),
# set by accounts.middleware.OTPMiddleware while it loads the user, so that the same query
# says whether that authenticator is still the user's and confirmed.
SESSION_DEVICE: ContextVar[int] = ContextVar("session_device", default=0)


def users_with_frame_facts(device: int = 0):
    """Users with `frame_reviews`, `frame_two_factor` and their data version (`frame_data_version`)
    read in the same query; and `frame_session_device`: `device` when that authenticator app
    is theirs and confirmed, else None."""
    return User._default_manager.annotate(
        frame_session_device=Subquery(
            TOTPDevice.objects.filter(pk=device, user=OuterRef("pk"), confirmed=True).values("pk")[
                :1
            ]
        ),
        frame_reviews=Exists(
            Permission.objects.filter(
                Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk")),
                codename=_CODENAME,
                content_type__app_label=_APP_LABEL,
            )
        ),
        frame_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        **{MEMBER_VERSION_ATTRIBUTE: member_version_subquery(OuterRef("pk"))},
    )


# Compiled once per process: building this query cost more CPU than the rest of a bare page.
_user_with_frame_facts = PreparedQuery(
    lambda pk, device: users_with_frame_facts(device).filter(pk=pk).order_by(), pk=0, device=0
)


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = _user_with_frame_facts.first(pk=user_id, device=SESSION_DEVICE.get())
        if user is None or not self.user_can_authenticate(user):
            return None
        # accounts.services.has_two_factor keeps its answer here for the request.
        user._has_two_factor = bool(user.frame_two_factor)
        setattr(user, REVIEWS_ATTRIBUTE, bool(user.frame_reviews))
        return user

    def has_perm(self, user_obj, perm, obj=None):
        # The review permission was read with the user, unless someone has since dropped the
        # permission caches (accounts.services.user_set_role does after changing the role).
        if (
            perm == REVIEW_PERMISSION
            and obj is None
            and hasattr(user_obj, REVIEWS_ATTRIBUTE)
            and "_perm_cache" not in user_obj.__dict__
        ):
            return user_obj.is_active and getattr(user_obj, REVIEWS_ATTRIBUTE)
        return super().has_perm(user_obj, perm, obj=obj)
