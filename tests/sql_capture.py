"""Capture the SQL a piece of code runs, then replay exactly those statements bare.

The replay is the reference a benchmark compares with: the same queries, with no ORM,
no Python objects and no templates around them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, event


def capture(engine: Engine, action: Callable[[], object]) -> list[tuple[str, object]]:
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def replayer(engine: Engine, statements: list[tuple[str, object]]):
    """A callable that runs the statements on one raw DBAPI connection; close() when done."""
    raw = engine.raw_connection()
    cursor = raw.cursor()

    def replay():
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()

    replay.close = raw.close
    return replay
