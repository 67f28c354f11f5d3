"""Index when revisions were saved: recent changes are listed newest first, by period.

Revision ID: 5d0c1f3a9b27
Revises: 35be2ee774c1
Create Date: 2026-11-28 18:40:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5d0c1f3a9b27"
down_revision: str | Sequence[str] | None = "35be2ee774c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("project_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_revisions_changed_at"), ["changed_at"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("project_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_revisions_changed_at"))
