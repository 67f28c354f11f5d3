"""Add indexes for the project register: budget order, and projects by what they link to.

Projects get (status, budget, id), which counts and sorts one status's projects by budget
from the index alone, and budget. Each link table's index on what it links to gains the
project id, so the filters (projects under a goal, in a sector, region or agency) read the
index alone too.

Revision ID: d74269f31b58
Revises: 6e93b715602a
Create Date: 2026-11-28 04:07:21.254453

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d74269f31b58"
down_revision: str | Sequence[str] | None = "6e93b715602a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, old one-column index, its column, new index, its columns)
LINK_INDEXES = (
    ("project_organisations", "ix_project_organisations_organisation_id", "organisation_id",
     "ix_project_organisations_organisation_id_role_project_id",
     ["organisation_id", "role", "project_id"]),
    ("project_places", "ix_project_places_place_code", "place_code",
     "ix_project_places_place_code_project_id", ["place_code", "project_id"]),
    ("project_sectors", "ix_project_sectors_sector_code", "sector_code",
     "ix_project_sectors_sector_code_project_id", ["sector_code", "project_id"]),
    ("project_targets", "ix_project_targets_target_id", "target_id",
     "ix_project_targets_target_id_project_id", ["target_id", "project_id"]),
)  # fmt: skip


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_projects_budget", "projects", ["budget"], unique=False)
    op.create_index(
        "ix_projects_status_budget_id", "projects", ["status", "budget", "id"], unique=False
    )
    for table, old, _column, new, columns in LINK_INDEXES:
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    """Downgrade schema."""
    for table, old, column, new, _columns in LINK_INDEXES:
        op.create_index(old, table, [column], unique=False)
        op.drop_index(new, table_name=table)
    op.drop_index("ix_projects_status_budget_id", table_name="projects")
    op.drop_index("ix_projects_budget", table_name="projects")
