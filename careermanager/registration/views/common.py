"""What the member's and the staff's pages of a submitted intention share."""

from careermanager.registration.models import Intention, Relationship, Route, Timescale
from careermanager.registration.schemas import IntentionSent


def sent_context(intention: Intention, *, who: str) -> dict:
    """The context of includes/sent.html: what was sent, with the labels people read."""
    sent = IntentionSent.model_validate(intention.sent)
    return {
        "intention": intention,
        "sent": sent,
        "who": who,
        "timescale_label": Timescale(sent.timescale).label,
        "route_label": Route(sent.route).label if sent.route else "",
        "supporters": [
            {
                "name": supporter.name,
                "email": supporter.email,
                "relationship": Relationship(supporter.relationship).label,
                "registration_number": supporter.registration_number,
            }
            for supporter in sent.supporters
        ],
    }
