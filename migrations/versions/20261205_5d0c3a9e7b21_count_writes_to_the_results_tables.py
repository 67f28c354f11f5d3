"""count writes to the results tables (for the figure cache's stamp)

Revision ID: 5d0c3a9e7b21
Revises: dc82e1e140fa
Create Date: 2026-12-05 00:45:00

A one-row table whose counter triggers raise on every insert, update or delete in the
results tables: PostgreSQL once per statement, SQLite (which has only row triggers) per row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d0c3a9e7b21"
down_revision: str | Sequence[str] | None = "dc82e1e140fa"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "result_nodes",
    "result_node_targets",
    "project_results",
    "result_indicators",
    "indicator_periods",
)
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
BUMP = "UPDATE results_changes SET version = version + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "results_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results_changes")),
    )
    op.execute("INSERT INTO results_changes (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION count_results_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_counted AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION count_results_change()"
            )
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(
                    f"CREATE TRIGGER {table}_{operation.lower()}_counted AFTER {operation} "
                    f"ON {table} BEGIN {BUMP}; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_counted ON {table}")
        op.execute("DROP FUNCTION count_results_change()")
    else:
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER {table}_{operation.lower()}_counted")
    op.drop_table("results_changes")
