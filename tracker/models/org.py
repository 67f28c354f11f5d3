"""Organisations (UN entities, government bodies, funders) and their roles in projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base

if TYPE_CHECKING:
    from tracker.models.project import Project

ORGANISATION_KINDS = ("un_entity", "government", "funder", "other")


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('un_entity', 'government', 'funder', 'other')", name="kind_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # IATI organisation identifier where the organisation publishes one (e.g. XM-DAC-41114).
    iati_ref: Mapped[str | None] = mapped_column(String(40), unique=True)


class ProjectOrganisation(Base):
    """An organisation's part in a project, with its IATI role."""

    __tablename__ = "project_organisations"
    __table_args__ = (
        CheckConstraint("role BETWEEN 1 AND 4", name="role_known"),
        # "The projects of organisation X in role R" reads this index alone (the register).
        Index("ix_project_organisations_organisation_id_role_project_id",
              "organisation_id", "role", "project_id"),
    )  # fmt: skip

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    role: Mapped[int] = mapped_column(
        ForeignKey("organisation_roles.code"), primary_key=True, autoincrement=False
    )

    project: Mapped[Project] = relationship(back_populates="organisations")
    organisation: Mapped[Organisation] = relationship()
