"""Index when projects last changed: the dashboards' cache asks for the newest change.

Revision ID: ac8cdc11cc69
Revises: d74269f31b58
Create Date: 2026-11-28 04:34:09.750686

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "ac8cdc11cc69"
down_revision: str | Sequence[str] | None = "d74269f31b58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_updated_at"))
