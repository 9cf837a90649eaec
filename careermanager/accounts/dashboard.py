from careermanager.accounts.services import has_two_factor


def security_panel(request) -> dict | None:
    """Suggest two-factor sign-in to members who have not turned it on."""
    if has_two_factor(request.user):
        return None
    return {"template": "accounts/panel_security.html", "order": 90}
