"""The six kinds of CPD that are summed together everywhere: TWAVES.

Training and academic study are recorded in the member's profile; the other four are CPD
activities recorded here. The codes are shared by activities, policies and reports.
"""

from django.db import models


class Category(models.TextChoices):
    """TWAVES, in that order: how every total of CPD hours is broken down."""

    TRAINING = "training", "Training"
    WORK_EXPERIENCE = "work_experience", "Work experience"
    ACADEMIC = "academic", "Academic study"
    VOLUNTEERING = "volunteering", "Volunteering"
    EVENT = "event", "Event or seminar"
    SELF_STUDY = "self_study", "Self-study"


# Academic study is listed and counted, but its hours are not recorded.
CATEGORIES_WITHOUT_HOURS = frozenset({Category.ACADEMIC})

CATEGORY_LABELS = dict(Category.choices)
