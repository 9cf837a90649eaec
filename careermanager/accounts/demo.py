from careermanager.accounts.services import user_set_role


def populate(*, member, staff) -> None:
    """Give the demo member of staff the staff role."""
    if staff.role != staff.Role.STAFF:
        user_set_role(user=staff, role=staff.Role.STAFF, actor=None)
