"""Top-level URL configuration: each app owns its own namespace."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path


def _admin_login(request, extra_context=None):
    """Send people to the service's own login, which enforces two-factor sign-in."""
    if request.user.is_authenticated:
        return admin.site.__class__.login(admin.site, request, extra_context)
    return redirect_to_login(request.get_full_path())


admin.site.site_header = "Career Manager administration"
admin.site.site_title = "Career Manager administration"
admin.site.login = _admin_login

urlpatterns = [
    path("", include("careermanager.core.urls")),
    path("accounts/", include("careermanager.accounts.urls")),
    path("profile/", include("careermanager.profiles.urls")),
    path("competence/", include("careermanager.competence.urls")),
    path("cpd/", include("careermanager.cpd.urls")),
    path("development/", include("careermanager.development.urls")),
    path("declarations/", include("careermanager.declarations.urls")),
    path("registration/", include("careermanager.registration.urls")),
    path("review/", include("careermanager.review.urls")),
    path("documents/", include("careermanager.documents.urls")),
    path("reports/", include("careermanager.reports.urls")),
    path("api/", include("careermanager.api.urls")),
    path("account/data/", include("careermanager.portability.urls")),
    path("admin/", admin.site.urls),
]
