"""Downloads streamed from a database session of their own.

A streamed response outlives its view: the request's session is closed when the view
returns, and a generator that went on using it would open a new connection and transaction
that nothing closes until the garbage collector happens by. A stream here opens its own
session when it starts and closes it when it ends, fails, or the client goes away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from flask import stream_with_context
from sqlalchemy.orm import Session

from tracker.extensions import db

Chunk = TypeVar("Chunk")


def streamed(produce: Callable[[Session], Iterable[Chunk]]) -> Iterator[Chunk]:
    """The chunks ``produce`` makes from a session opened for this stream alone, in the
    request's context (language, configuration)."""

    def chunks() -> Iterator[Chunk]:
        # Opened on the first chunk: a response closed before it starts opens nothing.
        session = db.sessionmaker()
        try:
            yield from produce(session)
        finally:
            # Also on GeneratorExit, when the server closes a download cut short.
            session.close()

    return stream_with_context(chunks())
