"""Choosing a reproducible random sample of a year's submitted declarations.

The declarations that can be drawn are those submitted for the year and not yet in any
sample, taken in the order of their ids; ``random.Random(seed).sample`` picks from them. So the
same seed and the same declarations always give the same sample, and anyone can check a draw
from its recorded seed.
"""

import math
import random
import secrets

from careermanager.review.models import Method


def new_seed() -> str:
    return secrets.token_hex(8)


def sample_size(method: str, amount: int, population: int) -> int:
    """How many to draw: a number (at most all of them) or a percentage, rounded up."""
    if method == Method.NUMBER:
        return min(amount, population)
    return min(population, math.ceil(population * amount / 100))


def choose(ids: list[int], *, seed: str, size: int) -> list[int]:
    """The ids drawn, in id order; the same for the same seed and the same ids."""
    # A seeded generator on purpose: the draw must be repeatable, not unpredictable.
    return sorted(random.Random(seed).sample(sorted(ids), size))  # noqa: S311
