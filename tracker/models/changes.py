"""A counter the database raises on every write to the results tables, so the figure cache
knows that an indicator, a period or a chain node changed without scanning millions of rows.

Triggers on the tables (created by the migration that adds this table) raise it, so every
writer counts: forms, imports, the command line and a statement typed into ``psql``.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base

# The tables whose changes move the results dashboard's figures, and whose triggers raise
# the counter.
WATCHED_TABLES = (
    "result_nodes",
    "result_node_targets",
    "project_results",
    "result_indicators",
    "indicator_periods",
)


class ResultsChange(Base):
    """The single row (id 1) that counts writes to the results tables."""

    __tablename__ = "results_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
