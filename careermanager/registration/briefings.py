"""What each attester is asked to do: a briefing per role, for the member and for the attester.

The member reads the summary and "who to ask" when choosing whom to invite; the attester reads
the whole briefing on their own pages. What the roles have in common is certain (the service
does it): all three read the application as it was locked, comment on it, and sign. Who may
act in each role is the institution's rule, not ours, so the briefings point to its guidance
rather than inventing conditions.
"""

from dataclasses import dataclass

from careermanager.registration.models import AttesterRole


@dataclass(frozen=True)
class Briefing:
    role: str
    label: str
    # One sentence on the attester's page and beside the member's slot.
    summary: str
    # For the member choosing whom to invite.
    who: str
    # For the attester: what the role asks of them, in a few short paragraphs.
    asks: tuple[str, ...]


# What every attester does, whatever their role.
STEPS = (
    "Read the application. It is shown exactly as the candidate locked it: nothing in it can "
    "change while you read it.",
    "Comment on it: an overall comment, which is needed before you can sign, and, if you "
    "wish, a comment on each area of competence.",
    "Sign your attestation: type your full name and your own registration or membership "
    "details, and confirm the statement. We record the time and the fingerprint (SHA-256) of "
    "the version you read.",
)

AFTER = (
    "The candidate and the institution's staff see your comments and signature with your name, "
    "and they go with the application to the people who assess it.",
    "If the candidate needs to change the application, they unlock it: your comments and "
    "signature are then discarded and your link stops working. They will ask you again once "
    "it is locked once more.",
)

WHO_DECIDES = (
    "The institution's guidance for applicants says who may act as a sponsor, proposer or "
    "supporter, for example whether they must be professionally registered themselves. Check it, "
    "or ask a Professional Registration Advisor, before you invite someone."
)

BRIEFINGS = {
    AttesterRole.SPONSOR: Briefing(
        role=AttesterRole.SPONSOR,
        label=AttesterRole.SPONSOR.label,
        summary="Vouches for the application as a whole, from what they know of the "
        "candidate's work and progress.",
        who="Often the sponsor you named among your supporters when you stated your intention "
        "to register.",
        asks=(
            "As the sponsor, you are asked to say whether, from what you know of the "
            "candidate, the application is a fair account of their work and their competence.",
        ),
    ),
    AttesterRole.PROPOSER: Briefing(
        role=AttesterRole.PROPOSER,
        label=AttesterRole.PROPOSER.label,
        summary="Proposes the candidate for registration, from their own knowledge of the "
        "work the application describes.",
        who="Someone who knows your work well enough to say the application describes it fairly.",
        asks=(
            "As the proposer, you are asked to say whether, from your own knowledge of the "
            "work the application describes, you propose the candidate for registration.",
        ),
    ),
    AttesterRole.SUPPORTER: Briefing(
        role=AttesterRole.SUPPORTER,
        label=AttesterRole.SUPPORTER.label,
        summary="Supports the application: a third person who can confirm what they know of "
        "the candidate's work.",
        who="Someone else who knows your work, such as a manager or a contact at your company.",
        asks=(
            "As the supporter, you are asked to confirm what you know first hand of the "
            "candidate's work, and to say where the application matches it.",
        ),
    ),
}


def briefing(role: str) -> Briefing:
    return BRIEFINGS[AttesterRole(role)]


def all_briefings() -> list[Briefing]:
    """The three briefings in the order of the roles."""
    return [BRIEFINGS[role] for role in AttesterRole]
