"""Results: the Cooperation Framework's results chain, project results with their indicators,
baselines, targets and actuals per period, and the markers a project is coded with.

Two owners of indicators, one indicator model:
- the **results chain** (strategic priority -> outcome -> output) that the UN and the
  Government agree in the Cooperation Framework; projects link to the outputs they serve;
- a project's own **results** as IATI publishes them (``<result>`` with its type and
  title), each with indicators.

An indicator belongs to exactly one of a chain node or a project result. Its periods carry a
target and an actual (a value for quantitative measures, a comment for qualitative ones),
and optionally the same figures broken down by a dimension such as sex or region.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
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

from tracker.models.base import Base
from tracker.models.sdg import Target

if TYPE_CHECKING:
    from tracker.models.project import Project

# The levels of the results chain, top down; an outcome's parent is a priority, an output's
# parent an outcome.
PRIORITY, OUTCOME, OUTPUT = "priority", "outcome", "output"
RESULT_LEVELS = (PRIORITY, OUTCOME, OUTPUT)
PARENT_LEVEL = {OUTCOME: PRIORITY, OUTPUT: OUTCOME}

# IATI ResultType codes (1 output, 2 outcome, 3 impact, 9 other).
RESULT_TYPES = (1, 2, 3, 9)
# IATI IndicatorMeasure codes: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative.
UNIT, PERCENTAGE, NOMINAL, ORDINAL, QUALITATIVE = 1, 2, 3, 4, 5
INDICATOR_MEASURES = (UNIT, PERCENTAGE, NOMINAL, ORDINAL, QUALITATIVE)
# Measures whose targets and actuals are numbers (IATI: "value" must be a number for these),
# and those whose progress the tracker computes.
NUMERIC_MEASURES = (UNIT, PERCENTAGE, NOMINAL, ORDINAL)
QUANTITATIVE_MEASURES = (UNIT, PERCENTAGE)
SDG_VOCABULARY = "9"  # IATI IndicatorVocabulary: UN Sustainable Development Goals indicators

# The UN system-wide markers a project is coded with (0-3); no row means "not yet coded",
# which is not the same as 0.
GENDER, HUMAN_RIGHTS = "gender", "human_rights"
UN_MARKERS = (GENDER, HUMAN_RIGHTS)
MARKER_SCORES = (0, 1, 2, 3)

INDICATOR_VALUE = Numeric(20, 4)

result_node_targets = Table(
    "result_node_targets",
    Base.metadata,
    Column("node_id", ForeignKey("result_nodes.id", ondelete="CASCADE"), primary_key=True),
    Column("target_id", ForeignKey("targets.id"), primary_key=True, index=True),
)

# The outputs of the results chain a project contributes to.
project_outputs = Table(
    "project_outputs",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("node_id", ForeignKey("result_nodes.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_project_outputs_node_id_project_id", "node_id", "project_id"),
)


class ResultNode(Base):
    """A strategic priority, outcome or output of the Cooperation Framework."""

    __tablename__ = "result_nodes"
    __table_args__ = (
        CheckConstraint("level IN ('priority', 'outcome', 'output')", name="level_known"),
        CheckConstraint("(level = 'priority') = (parent_id IS NULL)", name="parent_by_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    level: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("result_nodes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_kk: Mapped[str] = mapped_column(Text, default="")
    # Wording made up for the demonstration (the seed's outcomes and outputs): shown as
    # illustrative wherever the node appears, like the seed projects.
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[ResultNode | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[ResultNode]] = relationship(
        back_populates="parent", order_by="(ResultNode.position, ResultNode.code)"
    )
    targets: Mapped[list[Target]] = relationship(
        secondary=result_node_targets, order_by="Target.position"
    )
    indicators: Mapped[list[ResultIndicator]] = relationship(
        back_populates="node", cascade="all, delete-orphan", order_by="ResultIndicator.position"
    )
    projects: Mapped[list[Project]] = relationship(
        secondary=project_outputs, back_populates="outputs"
    )


class ProjectResult(Base):
    """One result of a project, as IATI's ``<result>``: its type and title."""

    __tablename__ = "project_results"
    __table_args__ = (CheckConstraint("type IN (1, 2, 3, 9)", name="type_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    # IATI aggregation-status: may the result's figures be added up with others'?
    aggregation_status: Mapped[bool | None] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship(back_populates="results")
    indicators: Mapped[list[ResultIndicator]] = relationship(
        back_populates="result", cascade="all, delete-orphan", order_by="ResultIndicator.position"
    )


class ResultIndicator(Base):
    """An indicator of a results-chain node or of a project result, with its baseline.

    ``reference_vocabulary``/``reference_code`` name the indicator in a published list; with
    vocabulary 9 the code is one of the official SDG indicators (``3.4.1``).
    """

    __tablename__ = "result_indicators"
    __table_args__ = (
        CheckConstraint("(node_id IS NULL) <> (result_id IS NULL)", name="one_owner"),
        CheckConstraint("measure BETWEEN 1 AND 5", name="measure_known"),
        CheckConstraint(
            "baseline_year IS NULL OR baseline_year BETWEEN 1900 AND 2200",
            name="baseline_year_plausible",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int | None] = mapped_column(
        ForeignKey("result_nodes.id", ondelete="CASCADE"), index=True
    )
    result_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_results.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_en: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str] = mapped_column(Text, default="")
    title_kk: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[int] = mapped_column(Integer, default=UNIT)
    ascending: Mapped[bool] = mapped_column(Boolean, default=True)
    reference_vocabulary: Mapped[str] = mapped_column(String(10), default="")
    reference_code: Mapped[str] = mapped_column(String(100), default="", index=True)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    baseline_value: Mapped[Decimal | None] = mapped_column(INDICATOR_VALUE)
    baseline_comment: Mapped[str] = mapped_column(Text, default="")

    node: Mapped[ResultNode | None] = relationship(back_populates="indicators")
    result: Mapped[ProjectResult | None] = relationship(back_populates="indicators")
    periods: Mapped[list[IndicatorPeriod]] = relationship(
        back_populates="indicator",
        cascade="all, delete-orphan",
        order_by="(IndicatorPeriod.period_start, IndicatorPeriod.period_end)",
    )

    @property
    def is_quantitative(self) -> bool:
        return self.measure in QUANTITATIVE_MEASURES


class IndicatorPeriod(Base):
    """What an indicator should reach (target) and reached (actual) in one period."""

    __tablename__ = "indicator_periods"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="dates_in_order"),
        UniqueConstraint("indicator_id", "period_start", "period_end", name="uq_period_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("result_indicators.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    target_value: Mapped[Decimal | None] = mapped_column(INDICATOR_VALUE)
    target_comment: Mapped[str] = mapped_column(Text, default="")
    actual_value: Mapped[Decimal | None] = mapped_column(INDICATOR_VALUE)
    actual_comment: Mapped[str] = mapped_column(Text, default="")

    indicator: Mapped[ResultIndicator] = relationship(back_populates="periods")
    breakdowns: Mapped[list[PeriodBreakdown]] = relationship(
        back_populates="period",
        cascade="all, delete-orphan",
        order_by="(PeriodBreakdown.kind, PeriodBreakdown.dimension, PeriodBreakdown.category)",
    )


class PeriodBreakdown(Base):
    """A target or actual of one period for one category of a dimension (IATI
    ``<dimension name="sex" value="female"/>``), e.g. the actual for women."""

    __tablename__ = "period_breakdowns"
    __table_args__ = (
        CheckConstraint("kind IN ('target', 'actual')", name="kind_known"),
        UniqueConstraint("period_id", "kind", "dimension", "category", name="uq_breakdown"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_periods.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(6))
    dimension: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal | None] = mapped_column(INDICATOR_VALUE)
    comment: Mapped[str] = mapped_column(Text, default="")

    period: Mapped[IndicatorPeriod] = relationship(back_populates="breakdowns")


class ProjectMarker(Base):
    """A project's UN Gender Equality or Human Rights Marker (0-3) with its justification.
    A project without the row is "not yet coded"."""

    __tablename__ = "project_markers"
    __table_args__ = (
        CheckConstraint("marker IN ('gender', 'human_rights')", name="marker_known"),
        CheckConstraint("score BETWEEN 0 AND 3", name="score_range"),
        # "Projects with GEM 2 or 3" reads the index alone.
        Index("ix_project_markers_marker_score_project_id", "marker", "score", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    marker: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="markers")


class ProjectPolicyMarker(Base):
    """An IATI policy marker of a project (e.g. OECD DAC gender equality, significance 2)."""

    __tablename__ = "project_policy_markers"
    __table_args__ = (
        CheckConstraint(
            "significance IS NULL OR significance BETWEEN 0 AND 4", name="significance_known"
        ),
        Index("ix_project_policy_markers_code_project_id", "vocabulary", "code", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    vocabulary: Mapped[str] = mapped_column(String(10), primary_key=True, default="1")
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    significance: Mapped[int | None] = mapped_column(Integer)
    # The marker's name as published, for reporting-organisation (99) markers.
    name: Mapped[str] = mapped_column(String(300), default="")

    project: Mapped[Project] = relationship(back_populates="policy_markers")
