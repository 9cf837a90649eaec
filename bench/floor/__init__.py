"""The floor: the smallest Django project that serves a signed-in page.

Same Django and the same gunicorn settings as the app, the default middleware of
`django-admin startproject`, sessions and auth in the database, and one page that reads the
signed-in user. `make bench` serves it next to the app and reports every page's rate as a
ratio to this one, so a ratio says what the app adds to what any Django project pays.
"""
