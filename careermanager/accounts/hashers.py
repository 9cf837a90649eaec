"""Passwords are kept as Argon2id hashes at the cost the institution sets.

Django's own Argon2 settings ask for 100 MiB and 8 lanes on every sign-in: about 0.37 s of
processor time here, so fifty people signing in within a few seconds (the start of a working
day, the end of an outage) hold a two-core server for nine seconds. OWASP's password storage
guidance sets Argon2id's minimum at 19 MiB of memory, 2 passes and 1 lane, which costs about
43 ms. We use that minimum unless the institution asks for more
(`CAREERMANAGER_PASSWORD_MEMORY_KIB`, `CAREERMANAGER_PASSWORD_TIME_COST`); a stored hash made
with other settings is checked as it was made and kept again at these the next time its owner
signs in (Django's `must_update`).
"""

from django.conf import settings
from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    parallelism = 1

    @property
    def memory_cost(self) -> int:  # KiB
        return settings.PASSWORD_ARGON2_MEMORY_KIB

    @property
    def time_cost(self) -> int:
        return settings.PASSWORD_ARGON2_TIME_COST
