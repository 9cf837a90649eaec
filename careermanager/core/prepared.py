"""Queries every page runs, compiled to SQL once per process instead of on every request.

Building a queryset with subqueries and compiling it costs far more CPU than SQLite or
PostgreSQL take to answer it: for the user and session that each page loads, the ORM was most
of what the frame cost. A PreparedQuery compiles its queryset once (per database alias and
vendor), with marker values standing for the arguments, and then only runs the SQL with the
arguments put in their places. The queryset is still written with the ORM, so the SQL stays
the ORM's, quoted and typed as usual.

    _user = PreparedQuery(lambda pk: users_with_facts().filter(pk=pk), pk=0)
    user = _user.first(pk=request_user_id)  # a model instance with its annotations, or None
"""

from collections.abc import Callable
from datetime import UTC, datetime
from threading import Lock

from django.db import connections, router
from django.db.models import QuerySet

# Marker arguments: values no real argument takes, found again in the compiled parameters.
# Within the range of every integer field (PostgreSQL refuses a lookup outside a column's).
_MARKER_BASE = -31_000


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], **examples):
        """build(**arguments) gives the queryset; examples name its arguments and their types."""
        self._build = build
        self._names = list(examples)
        self._examples = examples
        self._compiled: dict[tuple[str, str], tuple] = {}
        self._lock = Lock()

    def _markers(self) -> dict:
        markers = {}
        for n, (name, example) in enumerate(self._examples.items()):
            if isinstance(example, int):
                markers[name] = _MARKER_BASE - n
            elif isinstance(example, str):
                markers[name] = f"\x00prepared-{n}\x00"
            elif isinstance(example, datetime):
                markers[name] = datetime(1901, 1, 1, 0, 0, n, 7, tzinfo=UTC)
            else:
                raise TypeError(f"{name}: prepared arguments are integers, strings or datetimes")
        return markers

    def _compile(self, alias: str) -> tuple:
        queryset = self._build(**self._markers()).using(alias)
        model = queryset.model
        sql, params = queryset.query.sql_with_params()
        adapt = connections[alias].ops.adapt_datetimefield_value
        slots = {}
        for name, marker in self._markers().items():
            # A datetime reaches the parameters as the database takes it (text on SQLite).
            wanted = (marker, adapt(marker)) if isinstance(marker, datetime) else (marker,)
            found = [i for i, value in enumerate(params) if value in wanted]
            if len(found) != 1:
                raise ValueError(f"{name}: expected once among the parameters, found {found}")
            slots[name] = found[0]
        return model, sql, tuple(params), slots

    def sql(self, alias: str = "default", **arguments) -> tuple[object, str, list]:
        vendor = connections[alias].vendor
        key = (alias, vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.setdefault(key, self._compile(alias))
        model, sql, params, slots = compiled
        values = list(params)
        adapt = connections[alias].ops.adapt_datetimefield_value
        for name, slot in slots.items():
            value = arguments[name]
            values[slot] = adapt(value) if isinstance(value, datetime) else value
        return model, sql, values

    def first(self, **arguments):
        """The first row as a model instance, annotations as attributes; None without one."""
        model = self._build_model()
        alias = router.db_for_read(model)
        _, sql, params = self.sql(alias, **arguments)
        return next(iter(model._default_manager.db_manager(alias).raw(sql, params)), None)

    def values(self, **arguments) -> list[tuple]:
        """Every row as a tuple of its columns, as the database driver returns them."""
        model = self._build_model()
        alias = router.db_for_read(model)
        _, sql, params = self.sql(alias, **arguments)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _build_model(self):
        model = getattr(self, "_model", None)
        if model is None:
            model = self._model = self._build(**self._markers()).model
        return model
