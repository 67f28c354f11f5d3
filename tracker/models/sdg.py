"""The UN SDG framework: 17 goals, 169 targets and the global indicators."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint("number BETWEEN 1 AND 17", name="number_range"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    short_title_en: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(Text)
    short_title_ru: Mapped[str] = mapped_column(String(120))
    title_ru: Mapped[str] = mapped_column(Text)
    short_title_kk: Mapped[str] = mapped_column(String(120))
    title_kk: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(String(7))

    targets: Mapped[list[Target]] = relationship(back_populates="goal", order_by="Target.position")


class Target(Base):
    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    goal_number: Mapped[int] = mapped_column(ForeignKey("goals.number"), index=True)
    # Order within the framework: numeric targets before lettered ones (3.9 before 3.a).
    position: Mapped[int] = mapped_column(Integer)
    title_en: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_kk: Mapped[str] = mapped_column(Text, default="")

    goal: Mapped[Goal] = relationship(back_populates="targets")
    indicators: Mapped[list[Indicator]] = relationship(back_populates="target")


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    # The same indicator listed under several targets shares one UNSD code.
    unsd_code: Mapped[str] = mapped_column(String(12), index=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_kk: Mapped[str] = mapped_column(Text, default="")
    is_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    also_listed_under: Mapped[str] = mapped_column(String(40), default="")

    target: Mapped[Target] = relationship(back_populates="indicators")
