"""Request-wide middleware: who is asking and from where, and what browsers may keep."""

import ipaddress

from django.conf import settings

from careermanager.core.audit import current_ip
from careermanager.core.mail import current_origin


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The address of the person making the request.

    Without a proxy in front (CAREERMANAGER_BEHIND_PROXY off) it is the connection's address.
    Behind the proxy every request comes from the proxy, so the address is read from the
    header it sets: CAREERMANAGER_CLIENT_IP_HEADER when configured (one address, written by
    the proxy), otherwise the right-most entry of X-Forwarded-For that is not one of our own
    proxies (CAREERMANAGER_TRUSTED_PROXIES); entries further left were written by the client
    and could be anything. django-axes counts failed log-ins by this address too.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_PROXY:
        return remote
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        address = _address(request.META.get(key, ""))
        return str(address) if address is not None else remote
    networks = [ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES]
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            # Our proxy writes addresses only: something unreadable means no usable answer.
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote


class AuditContextMiddleware:
    """Make the client's address available to audit() for the length of a request.

    Outside production, emailed links are built from the address the request came to, so
    `make run PORT=8611` sends links to port 8611 (see core.mail.absolute_url).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ip_token = current_ip.set(client_ip(request))
        origin = None if settings.PRODUCTION else f"{request.scheme}://{request.get_host()}"
        origin_token = current_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(origin_token)
            current_ip.reset(ip_token)


class PrivatePagesMiddleware:
    """Pages for a signed-in person are theirs alone: no shared or browser cache keeps them.

    A view that chose its own Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
