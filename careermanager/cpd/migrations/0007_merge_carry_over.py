# Joins the two migrations made side by side after 0005 (carry-over; reminders and comparison).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cpd", "0006_policy_carry_over"),
        ("cpd", "0006_reminders_and_comparison"),
    ]

    operations = []
