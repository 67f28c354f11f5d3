"""National strategic documents that SDG targets and projects are aligned to."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base
from tracker.models.sdg import Target

document_targets = Table(
    "document_targets",
    Base.metadata,
    Column(
        "document_id", ForeignKey("strategic_documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("target_id", ForeignKey("targets.id"), primary_key=True, index=True),
)


class StrategicDocument(Base):
    __tablename__ = "strategic_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str] = mapped_column(Text, default="")
    year_adopted: Mapped[int] = mapped_column(Integer)
    horizon_year: Mapped[int | None] = mapped_column(Integer)
    adopted_by: Mapped[str] = mapped_column(Text, default="")

    targets: Mapped[list[Target]] = relationship(secondary=document_targets)
