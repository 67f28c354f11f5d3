"""Money over time: a project's annual figures, its IATI budgets, transactions and planned
disbursements as published, and the exchange rates that turn currencies into the reporting one.

The annual figures are what the tracker counts (required, available, spent, ...). The IATI
records are kept as the publisher wrote them, so an export gives them back unchanged; an IATI
import derives the annual figures from them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base
from tracker.models.org import Organisation

if TYPE_CHECKING:
    from tracker.models.project import Project

MONEY = Numeric(16, 2)

# The measures of a project's year, in the order the forms and tables show them.
REQUIRED, AVAILABLE, SPENT, DISBURSED, COMMITTED = (
    "required",
    "available",
    "spent",
    "disbursed",
    "committed",
)
MEASURES = (REQUIRED, AVAILABLE, SPENT, DISBURSED, COMMITTED)

# IATI BudgetType and BudgetStatus codes.
BUDGET_ORIGINAL, BUDGET_REVISED = 1, 2
BUDGET_INDICATIVE, BUDGET_COMMITTED = 1, 2


class AnnualFigure(Base):
    """A project's money of one measure in one (fiscal) year.

    ``available`` rows may name the funder that secured the money; other measures never do.
    A negative amount is allowed only as a recorded correction (it must say so).
    """

    __tablename__ = "annual_figures"
    __table_args__ = (
        CheckConstraint(
            "measure IN ('required', 'available', 'spent', 'disbursed', 'committed')",
            name="measure_known",
        ),
        CheckConstraint("amount >= 0 OR correction", name="negative_only_as_correction"),
        CheckConstraint("funder_id IS NULL OR measure = 'available'", name="funder_only_available"),
        CheckConstraint("year BETWEEN 1900 AND 2200", name="year_plausible"),
        # One row per project, year, measure and funder (the service keeps one funder-less
        # row too: PostgreSQL lets NULLs repeat in a unique constraint).
        UniqueConstraint(
            "project_id",
            "year",
            "measure",
            "funder_id",
            name="uq_annual_figures_project_year_measure_funder",
        ),
        # The funding dashboard adds up by year and measure.
        Index("ix_annual_figures_year_measure", "year", "measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    # The fiscal year, named after the calendar year it starts in.
    year: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(12))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    funder_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    correction: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    note: Mapped[str] = mapped_column(String(300), default="", server_default="")

    project: Mapped[Project] = relationship(back_populates="annual_figures")
    funder: Mapped[Organisation | None] = relationship()


class _PublishedMoney:
    """Columns every IATI money element shares: a value in a currency on a value date."""

    value: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    value_date: Mapped[date | None] = mapped_column(Date)


class Budget(_PublishedMoney, Base):
    """An IATI ``budget``: the value for one period (at most a year), original or revised."""

    __tablename__ = "budgets"
    __table_args__ = (
        CheckConstraint("type IN (1, 2)", name="type_known"),
        CheckConstraint("status IN (1, 2)", name="status_known"),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[int] = mapped_column(Integer, default=BUDGET_ORIGINAL)
    status: Mapped[int] = mapped_column(Integer, default=BUDGET_INDICATIVE)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="budgets")


class _Parties:
    """The provider and receiver of money as the file names them, linked to a known
    organisation where one matches."""

    provider_ref: Mapped[str] = mapped_column(String(100), default="", server_default="")
    provider_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    receiver_ref: Mapped[str] = mapped_column(String(100), default="", server_default="")
    receiver_name: Mapped[str] = mapped_column(String(300), default="", server_default="")


class Transaction(_PublishedMoney, _Parties, Base):
    """An IATI ``transaction`` (type from the TransactionType codelist, e.g. 1 incoming funds,
    2 outgoing commitment, 3 disbursement, 4 expenditure, 11 incoming commitment)."""

    __tablename__ = "transactions"
    __table_args__ = (CheckConstraint("type BETWEEN 1 AND 13", name="type_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[int] = mapped_column(Integer)
    transaction_date: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(String(500), default="", server_default="")
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    receiver_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    project: Mapped[Project] = relationship(back_populates="transactions")
    provider: Mapped[Organisation | None] = relationship(foreign_keys=[provider_id])
    receiver: Mapped[Organisation | None] = relationship(foreign_keys=[receiver_id])


class PlannedDisbursement(_PublishedMoney, _Parties, Base):
    """An IATI ``planned-disbursement``: money a provider plans to pay in a period."""

    __tablename__ = "planned_disbursements"
    __table_args__ = (
        CheckConstraint("type IS NULL OR type IN (1, 2)", name="type_known"),
        CheckConstraint("period_end IS NULL OR period_end >= period_start", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[int | None] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)

    project: Mapped[Project] = relationship(back_populates="planned_disbursements")


class ExchangeRate(Base):
    """One unit of ``currency`` is worth ``rate`` units of ``quote_currency`` in a month
    (``month`` is its first day), as published by ``source``."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("currency <> quote_currency", name="two_currencies"),
        UniqueConstraint(
            "currency", "quote_currency", "month", name="uq_exchange_rates_currency_quote_month"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    quote_currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    month: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(Numeric(20, 8))
    source: Mapped[str] = mapped_column(String(200))
