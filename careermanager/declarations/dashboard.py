"""The home-page panel: a declaration year that is open and not yet submitted."""

from careermanager.declarations.checklist import checklist, required_done
from careermanager.declarations.queries import open_declarations


def panel(request) -> dict | None:
    """One query: the member's declarations for the open years."""
    waiting = [
        (year, declaration)
        for year, declaration in open_declarations(request.user)
        if declaration is None or not declaration.is_submitted
    ]
    if not waiting:
        return None
    rows = []
    for year, declaration in waiting:
        done, required = required_done(checklist(declaration)) if declaration else (0, 5)
        rows.append({"year": year, "declaration": declaration, "done": done, "required": required})
    return {"template": "declarations/panel.html", "order": 15, "rows": rows}
