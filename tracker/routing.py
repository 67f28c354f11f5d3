"""URL converters: an ``<int:...>`` in an address never reaches the database out of range."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest id a column can hold: PostgreSQL's INTEGER is 32-bit signed. A larger number
# in an address names nothing, so the route answers 404 instead of the database overflowing.
LARGEST_ID = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """``<int:...>`` as Werkzeug has it, refusing numbers beyond what the database stores."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (Werkzeug's name)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Replace the ``int`` converter; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
