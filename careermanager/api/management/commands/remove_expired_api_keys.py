"""Forget the API's Idempotency-Keys older than a day.

A member's old keys also go whenever they send a new one; this removes those of members who
stopped. Run it daily, beside remove_expired_documents. Running it again does nothing new.
"""

from django.core.management.base import BaseCommand

from careermanager.api.idempotency import idempotency_keys_remove_expired


class Command(BaseCommand):
    help = "Forget the API's Idempotency-Keys (and the answers kept for them) older than a day."

    def handle(self, *args, **options):
        removed = idempotency_keys_remove_expired()
        self.stdout.write(f"Removed {removed} expired idempotency key(s).")
