"""Set the floor's database up and sign its one user in: `python -m bench.floor.prepare`.

Run in a process of its own (the bench process has the app's settings). Creates the schema
"floor" on PostgreSQL, migrates, creates the user, and prints the session cookie as JSON.
"""

import io
import json
import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS floor CASCADE")
            cursor.execute("CREATE SCHEMA floor")
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    user = get_user_model().objects.create_user(username="floor", password=None)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    json.dump({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "user": user.pk}, sys.stdout)


if __name__ == "__main__":
    main()
