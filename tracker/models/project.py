"""Projects, their links to SDG targets, sectors and places, and their status history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, TimestampMixin, utcnow
from tracker.models.org import ProjectOrganisation
from tracker.models.reference import Place, Sector
from tracker.models.sdg import Target
from tracker.models.strategy import StrategicDocument
from tracker.models.user import User

if TYPE_CHECKING:
    from tracker.models.finance import AnnualFigure, Budget, PlannedDisbursement, Transaction
    from tracker.models.results import (
        ProjectMarker,
        ProjectPolicyMarker,
        ProjectResult,
        ResultNode,
    )

# IATI ActivityStatus codes.
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED = 1, 2, 3, 4, 5, 6
ACTIVE, COMPLETED = IMPLEMENTATION, CLOSED

# Where a record came from; seed and synthetic records are not real projects.
SOURCES = ("seed_illustration", "synthetic", "manual", "import")
NOT_REAL_SOURCES = ("seed_illustration", "synthetic")

SHARE = Numeric(5, 2)
SHARE_CHECK = "share IS NULL OR (share > 0 AND share <= 100)"

project_documents = Table(
    "project_documents",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("strategic_documents.id"), primary_key=True, index=True),
)


class Project(TimestampMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint("status BETWEEN 1 AND 6", name="status_known"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint(
            "planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start",
            name="planned_dates_in_order",
        ),
        CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name="actual_dates_in_order",
        ),
        CheckConstraint("status <> 4 OR actual_end IS NOT NULL", name="closed_has_actual_end"),
        CheckConstraint(
            "source IN ('seed_illustration', 'synthetic', 'manual', 'import')", name="source_known"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_component"),
        # The register counts and sorts the projects of one status, by budget; with the id
        # the index alone answers both (SQLite adds the id to every index by itself).
        Index("ix_projects_status_budget_id", "status", "budget", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int] = mapped_column(ForeignKey("activity_statuses.code"), index=True)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0"), index=True)
    currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"), default="USD")
    # The language of ``title`` and ``description``; other languages are in ``texts``.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A component (an IATI hierarchy-2 output) names the project it belongs to; portfolio
    # counts count top-level projects only, and money rolls up to the parent.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # SQLAlchemy raises StaleDataError when an UPDATE finds the row at another version.
    __mapper_args__ = {"version_id_col": version}

    targets: Mapped[list[ProjectTarget]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    sectors: Mapped[list[ProjectSector]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    places: Mapped[list[ProjectPlace]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    organisations: Mapped[list[ProjectOrganisation]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    documents: Mapped[list[StrategicDocument]] = relationship(secondary=project_documents)
    texts: Mapped[list[ProjectText]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectText.language"
    )
    recipients: Mapped[list[ProjectRecipient]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    other_sectors: Mapped[list[ProjectOtherSector]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(StatusChange.effective_date, StatusChange.id)",
    )
    revisions: Mapped[list[ProjectRevision]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectRevision.version"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    parent: Mapped[Project | None] = relationship(
        remote_side=[id], back_populates="components", foreign_keys=[parent_id]
    )
    components: Mapped[list[Project]] = relationship(
        back_populates="parent", foreign_keys=[parent_id], order_by="Project.code"
    )
    annual_figures: Mapped[list[AnnualFigure]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(AnnualFigure.year, AnnualFigure.measure, AnnualFigure.id)",
    )
    budgets: Mapped[list[Budget]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Budget.period_start"
    )
    transactions: Mapped[list[Transaction]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(Transaction.transaction_date, Transaction.id)",
    )
    planned_disbursements: Mapped[list[PlannedDisbursement]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="PlannedDisbursement.period_start",
    )
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    # Results (tracker.models.results): the project's own results, the chain's outputs it
    # serves, and its markers.
    results: Mapped[list[ProjectResult]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectResult.position"
    )
    outputs: Mapped[list[ResultNode]] = relationship(
        secondary="project_outputs", back_populates="projects", order_by="ResultNode.code"
    )
    markers: Mapped[list[ProjectMarker]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMarker.marker"
    )
    policy_markers: Mapped[list[ProjectPolicyMarker]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(ProjectPolicyMarker.vocabulary, ProjectPolicyMarker.code)",
    )

    @property
    def is_illustrative(self) -> bool:
        return self.source in NOT_REAL_SOURCES


# Each link table is indexed by what it links to, then the project: "the projects linked to X"
# (the register's filters) reads the index alone.
class ProjectTarget(Base):
    __tablename__ = "project_targets"
    __table_args__ = (
        CheckConstraint(SHARE_CHECK, name="share_percent"),
        Index("ix_project_targets_target_id_project_id", "target_id", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), primary_key=True)
    share: Mapped[Decimal | None] = mapped_column(SHARE)

    project: Mapped[Project] = relationship(back_populates="targets")
    target: Mapped[Target] = relationship()


class ProjectSector(Base):
    __tablename__ = "project_sectors"
    __table_args__ = (
        CheckConstraint(SHARE_CHECK, name="share_percent"),
        Index("ix_project_sectors_sector_code_project_id", "sector_code", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    sector_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"), primary_key=True)
    share: Mapped[Decimal | None] = mapped_column(SHARE)

    project: Mapped[Project] = relationship(back_populates="sectors")
    sector: Mapped[Sector] = relationship()


class ProjectPlace(Base):
    __tablename__ = "project_places"
    __table_args__ = (
        CheckConstraint(SHARE_CHECK, name="share_percent"),
        Index("ix_project_places_place_code_project_id", "place_code", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    place_code: Mapped[str] = mapped_column(ForeignKey("places.code"), primary_key=True)
    share: Mapped[Decimal | None] = mapped_column(SHARE)

    project: Mapped[Project] = relationship(back_populates="places")
    place: Mapped[Place] = relationship()


class ProjectText(Base):
    """The title and description in a language other than the project's own."""

    __tablename__ = "project_texts"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)  # ISO 639-1, e.g. kk
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="texts")


class ProjectRecipient(Base):
    """A recipient country or region that is not one of the tracker's places, kept as IATI
    gives it (e.g. an imported activity in Kyrgyzstan, or a DAC region code)."""

    __tablename__ = "project_recipients"
    __table_args__ = (
        CheckConstraint(SHARE_CHECK, name="share_percent"),
        CheckConstraint("kind IN ('country', 'region')", name="kind_known"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(10), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    share: Mapped[Decimal | None] = mapped_column(SHARE)

    project: Mapped[Project] = relationship(back_populates="recipients")


class ProjectOtherSector(Base):
    """A sector in a vocabulary other than DAC 5-digit (and other than the SDG vocabularies,
    which become target links), kept as published."""

    __tablename__ = "project_other_sectors"
    __table_args__ = (CheckConstraint(SHARE_CHECK, name="share_percent"),)

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    share: Mapped[Decimal | None] = mapped_column(SHARE)

    project: Mapped[Project] = relationship(back_populates="other_sectors")


class ProjectRevision(Base):
    """A snapshot of a project as saved at one version: who changed what, and when."""

    __tablename__ = "project_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # What the project looked like after this save, as readable field -> text pairs.
    snapshot: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("project_id", "version"),)


class StatusChange(Base):
    """One change of a project's status; rows are only ever appended."""

    __tablename__ = "status_changes"
    __table_args__ = (
        CheckConstraint(
            "from_status IS NULL OR from_status <> to_status", name="status_actually_changes"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[int | None] = mapped_column(ForeignKey("activity_statuses.code"))
    to_status: Mapped[int] = mapped_column(ForeignKey("activity_statuses.code"))
    effective_date: Mapped[date] = mapped_column(Date)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who made the change as shown to readers; kept even if the user account goes.
    changed_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="history")
