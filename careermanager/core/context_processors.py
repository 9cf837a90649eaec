from django.conf import settings

from careermanager.core.navigation import primary_navigation


def service(request) -> dict:
    """The service's name and the sections the current user can reach."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "institution_name": settings.INSTITUTION_NAME,
        "primary_navigation": primary_navigation(user) if user and user.is_authenticated else [],
        "current_section": getattr(getattr(request, "resolver_match", None), "namespace", ""),
        "show_outbox": can_read_outbox(user),
    }


def can_read_outbox(user) -> bool:
    """Anyone while developing (to follow sign-up links); staff otherwise."""
    return settings.DEBUG or bool(getattr(user, "is_reviewer", False))
