from careermanager.competence.queries import assessment_progress


def panel(request) -> dict:
    """How complete the member's competence assessments are, with a way in."""
    return {
        "template": "competence/panel.html",
        "progress": assessment_progress(request.user)[:3],
    }
