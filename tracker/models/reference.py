"""Codelists the projects refer to: IATI codelists, DAC sectors and places."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base

PLACE_KINDS = ("region", "city", "country", "multi_country")


class ActivityStatus(Base):
    """IATI ActivityStatus codelist (1 pipeline ... 6 suspended)."""

    __tablename__ = "activity_statuses"

    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")


class OrganisationRole(Base):
    """IATI OrganisationRole codelist (1 funding, 2 accountable, 3 extending, 4 implementing)."""

    __tablename__ = "organisation_roles"

    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")


class Currency(Base):
    """ISO 4217 currencies from the IATI Currency codelist; withdrawn ones kept and marked."""

    __tablename__ = "currencies"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class SectorCategory(Base):
    """OECD DAC 3-digit sector category (IATI SectorCategory codelist)."""

    __tablename__ = "sector_categories"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

    sectors: Mapped[list[Sector]] = relationship(back_populates="category")


class Sector(Base):
    """OECD DAC 5-digit purpose code (IATI Sector codelist)."""

    __tablename__ = "sectors"
    __table_args__ = (CheckConstraint("length(code) = 5", name="code_length"),)

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category_code: Mapped[str] = mapped_column(ForeignKey("sector_categories.code"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

    category: Mapped[SectorCategory] = relationship(back_populates="sectors")


class Place(Base):
    """Where a project works: a region or city of Kazakhstan, the whole country, or Central Asia."""

    __tablename__ = "places"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('region', 'city', 'country', 'multi_country')", name="kind_known"
        ),
    )

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    legacy_code: Mapped[str] = mapped_column(String(8), default="")
    note: Mapped[str] = mapped_column(Text, default="")
