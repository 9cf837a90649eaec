"""Work out how members following each CPD policy compare (the CPD overview's figures).

Run it daily. It replaces the figures for this year's and last year's periods; groups of
fewer than 10 members get none (careermanager/cpd/comparison.py).
"""

from django.core.management.base import BaseCommand

from careermanager.cpd.comparison import comparison_compute


class Command(BaseCommand):
    help = (
        "Store the median and quartiles of the CPD hours recorded by the members following "
        "each policy, this year and last, for groups of at least 10 members."
    )

    def handle(self, *args, **options):
        rows = comparison_compute()
        self.stdout.write(f"Stored {rows} CPD comparison figure(s).")
