"""Create the portfolio schema: SDG framework, codelists, organisations, projects, users.

Revision ID: 74491f199839
Revises:
Create Date: 2026-11-28 03:27:09.855467

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "74491f199839"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY_MESSAGE = "status history is append-only: add a new change instead"


def create_append_only_trigger() -> None:
    """Refuse UPDATE on status_changes in the database itself, not only in the services."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION status_changes_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER status_changes_append_only BEFORE UPDATE ON status_changes "
            "FOR EACH ROW EXECUTE FUNCTION status_changes_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER status_changes_append_only BEFORE UPDATE ON status_changes "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )


def drop_append_only_trigger() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER status_changes_append_only ON status_changes")
        op.execute("DROP FUNCTION status_changes_append_only()")
    else:
        op.execute("DROP TRIGGER status_changes_append_only")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "activity_statuses",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activity_statuses")),
    )
    op.create_table(
        "currencies",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_currencies")),
    )
    op.create_table(
        "goals",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("short_title_en", sa.String(length=120), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("short_title_ru", sa.String(length=120), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("short_title_kk", sa.String(length=120), nullable=False),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.CheckConstraint("length(colour) = 7", name=op.f("ck_goals_colour_hex")),
        sa.CheckConstraint("number BETWEEN 1 AND 17", name=op.f("ck_goals_number_range")),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_goals")),
    )
    op.create_table(
        "organisation_roles",
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_organisation_roles")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("iati_ref", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "kind IN ('un_entity', 'government', 'funder', 'other')",
            name=op.f("ck_organisations_kind_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("acronym", name=op.f("uq_organisations_acronym")),
        sa.UniqueConstraint("iati_ref", name=op.f("uq_organisations_iati_ref")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "places",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("legacy_code", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('region', 'city', 'country', 'multi_country')",
            name=op.f("ck_places_kind_known"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_places")),
    )
    op.create_table(
        "sector_categories",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sector_categories")),
    )
    op.create_table(
        "strategic_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("year_adopted", sa.Integer(), nullable=False),
        sa.Column("horizon_year", sa.Integer(), nullable=True),
        sa.Column("adopted_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategic_documents")),
        sa.UniqueConstraint("code", name=op.f("uq_strategic_documents_code")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('viewer', 'analyst', 'admin')", name=op.f("ck_users_role_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("budget", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('seed_illustration', 'synthetic', 'manual', 'import')",
            name=op.f("ck_projects_source_known"),
        ),
        sa.CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name=op.f("ck_projects_actual_dates_in_order"),
        ),
        sa.CheckConstraint("budget >= 0", name=op.f("ck_projects_budget_not_negative")),
        sa.CheckConstraint(
            "planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start",
            name=op.f("ck_projects_planned_dates_in_order"),
        ),
        sa.CheckConstraint(
            "status <> 4 OR actual_end IS NOT NULL", name=op.f("ck_projects_closed_has_actual_end")
        ),
        sa.CheckConstraint("status BETWEEN 1 AND 6", name=op.f("ck_projects_status_known")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_projects_version_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_projects_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["currency"], ["currencies.code"], name=op.f("fk_projects_currency_currencies")
        ),
        sa.ForeignKeyConstraint(
            ["status"],
            ["activity_statuses.code"],
            name=op.f("fk_projects_status_activity_statuses"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_projects_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("code", name=op.f("uq_projects_code")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_status"), ["status"], unique=False)

    op.create_table(
        "sectors",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_code", sa.String(length=3), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(code) = 5", name=op.f("ck_sectors_code_length")),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["sector_categories.code"],
            name=op.f("fk_sectors_category_code_sector_categories"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sectors")),
    )
    with op.batch_alter_table("sectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sectors_category_code"), ["category_code"], unique=False
        )

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("goal_number", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_number"], ["goals.number"], name=op.f("fk_targets_goal_number_goals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("code", name=op.f("uq_targets_code")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_goal_number"), ["goal_number"], unique=False)

    op.create_table(
        "document_targets",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["strategic_documents.id"],
            name=op.f("fk_document_targets_document_id_strategic_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_document_targets_target_id_targets")
        ),
        sa.PrimaryKeyConstraint("document_id", "target_id", name=op.f("pk_document_targets")),
    )
    with op.batch_alter_table("document_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_targets_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("unsd_code", sa.String(length=12), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("is_repeat", sa.Boolean(), nullable=False),
        sa.Column("also_listed_under", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_indicators_target_id_targets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_target_id"), ["target_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicators_unsd_code"), ["unsd_code"], unique=False)

    op.create_table(
        "project_documents",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["strategic_documents.id"],
            name=op.f("fk_project_documents_document_id_strategic_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_documents_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "document_id", name=op.f("pk_project_documents")),
    )
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_documents_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "project_organisations",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Integer(), autoincrement=False, nullable=False),
        sa.CheckConstraint(
            "role BETWEEN 1 AND 4", name=op.f("ck_project_organisations_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_project_organisations_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_organisations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role"],
            ["organisation_roles.code"],
            name=op.f("fk_project_organisations_role_organisation_roles"),
        ),
        sa.PrimaryKeyConstraint(
            "project_id", "organisation_id", "role", name=op.f("pk_project_organisations")
        ),
    )
    with op.batch_alter_table("project_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_organisations_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "project_places",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("place_code", sa.String(length=16), nullable=False),
        sa.Column("share", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.CheckConstraint(
            "share IS NULL OR (share > 0 AND share <= 100)",
            name=op.f("ck_project_places_share_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["place_code"], ["places.code"], name=op.f("fk_project_places_place_code_places")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_places_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "place_code", name=op.f("pk_project_places")),
    )
    with op.batch_alter_table("project_places", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_places_place_code"), ["place_code"], unique=False
        )

    op.create_table(
        "project_sectors",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("sector_code", sa.String(length=5), nullable=False),
        sa.Column("share", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.CheckConstraint(
            "share IS NULL OR (share > 0 AND share <= 100)",
            name=op.f("ck_project_sectors_share_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_sectors_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_code"], ["sectors.code"], name=op.f("fk_project_sectors_sector_code_sectors")
        ),
        sa.PrimaryKeyConstraint("project_id", "sector_code", name=op.f("pk_project_sectors")),
    )
    with op.batch_alter_table("project_sectors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_sectors_sector_code"), ["sector_code"], unique=False
        )

    op.create_table(
        "project_targets",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.CheckConstraint(
            "share IS NULL OR (share > 0 AND share <= 100)",
            name=op.f("ck_project_targets_share_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_targets_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["targets.id"], name=op.f("fk_project_targets_target_id_targets")
        ),
        sa.PrimaryKeyConstraint("project_id", "target_id", name=op.f("pk_project_targets")),
    )
    with op.batch_alter_table("project_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_targets_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.Integer(), nullable=True),
        sa.Column("to_status", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "from_status IS NULL OR from_status <> to_status",
            name=op.f("ck_status_changes_status_actually_changes"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_status_changes_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_status"],
            ["activity_statuses.code"],
            name=op.f("fk_status_changes_from_status_activity_statuses"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_status_changes_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_status"],
            ["activity_statuses.code"],
            name=op.f("fk_status_changes_to_status_activity_statuses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_project_id"), ["project_id"], unique=False
        )
    create_append_only_trigger()


def downgrade() -> None:
    """Downgrade schema."""
    drop_append_only_trigger()
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_project_id"))

    op.drop_table("status_changes")
    with op.batch_alter_table("project_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_targets_target_id"))

    op.drop_table("project_targets")
    with op.batch_alter_table("project_sectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_sectors_sector_code"))

    op.drop_table("project_sectors")
    with op.batch_alter_table("project_places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_places_place_code"))

    op.drop_table("project_places")
    with op.batch_alter_table("project_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_organisations_organisation_id"))

    op.drop_table("project_organisations")
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_documents_document_id"))

    op.drop_table("project_documents")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_unsd_code"))
        batch_op.drop_index(batch_op.f("ix_indicators_target_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("document_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_targets_target_id"))

    op.drop_table("document_targets")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_goal_number"))

    op.drop_table("targets")
    with op.batch_alter_table("sectors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sectors_category_code"))

    op.drop_table("sectors")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_status"))

    op.drop_table("projects")
    op.drop_table("users")
    op.drop_table("strategic_documents")
    op.drop_table("sector_categories")
    op.drop_table("places")
    op.drop_table("organisations")
    op.drop_table("organisation_roles")
    op.drop_table("goals")
    op.drop_table("currencies")
    op.drop_table("activity_statuses")
