"""The register's total budget of the filtered projects, in the reporting currency.

A project with annual ``required`` figures (its own or its components') counts those, each
converted at its fiscal year's rate; a project without them counts its budget at the rate of
the fiscal year it starts in. Money whose (currency, year) has no rate is left out, and its
projects are counted. One aggregate query (a second only when something is left out).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Subquery, and_, case, exists, extract, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from tracker.models import AnnualFigure, Project
from tracker.models.finance import REQUIRED
from tracker.services.finance.funding.converted import Converter
from tracker.services.finance.funding.sums import OWNER, _amount
from tracker.services.finance.rates import yearly_rates
from tracker.services.register.search import START_DATE, RegisterFilters, filtered_select


@dataclass(frozen=True)
class BudgetTotal:
    """The total budget in ``currency``, what it leaves out, and the rates it used."""

    currency: str
    total: Decimal
    left_out_projects: int  # projects with some money left out for want of a rate
    left_out_pairs: tuple[tuple[str, int | None], ...]  # (currency, year) without a rate
    converted: bool  # some amount was converted
    sources: tuple[str, ...]


def _start_year(start_month: int):
    """The fiscal year a project starts in, in SQL (None without a start date)."""
    year = extract("year", START_DATE)
    if start_month == 1:
        return year
    return year - case((extract("month", START_DATE) < start_month, 1), else_=0)


def budget_parts(filters: RegisterFilters, start_month: int = 1) -> Subquery:
    """The money the filtered projects' budgets are made of, one row per amount: currency,
    (fiscal) year, amount and owner (the top-level project); see the module's note."""
    listed = filtered_select(filters, Project.id).where(Project.parent_id.is_(None))
    required_rows = (
        select(AnnualFigure.currency.label("currency"), AnnualFigure.year.label("year"),
               AnnualFigure.amount.label("amount"), OWNER.label("owner"))
        .join(Project, Project.id == AnnualFigure.project_id)
        .where(AnnualFigure.measure == REQUIRED, OWNER.in_(listed))
    )  # fmt: skip
    # Whether a project's own or its components' figures include required money (EXISTS:
    # at 100,000 projects NOT IN over the figures took six times as long on SQLite).
    component = aliased(Project)
    has_required = exists().where(
        AnnualFigure.measure == REQUIRED,
        or_(AnnualFigure.project_id == Project.id,
            AnnualFigure.project_id.in_(select(component.id)
                                        .where(component.parent_id == Project.id))),
    )  # fmt: skip
    budgets = select(Project.currency, _start_year(start_month), Project.budget, Project.id).where(
        Project.id.in_(listed), ~has_required
    )
    return union_all(required_rows, budgets).subquery()


def budget_total(
    session: Session, filters: RegisterFilters, *, currency: str, start_month: int = 1
) -> BudgetTotal:
    """The filtered projects' budgets added up in ``currency`` (see the module's note)."""
    parts = budget_parts(filters, start_month)
    groups = session.execute(
        select(parts.c.currency, parts.c.year, func.sum(parts.c.amount),
               func.count(func.distinct(parts.c.owner)))
        .group_by(parts.c.currency, parts.c.year)
    ).all()  # fmt: skip
    converter = Converter(yearly_rates(session, currency, start_month))
    total = Decimal(0)
    for code, year, amount, _count in groups:
        amount = _amount(amount)
        converted = converter.amount(amount, code, int(year) if year is not None else -1)
        if converted is not None:
            total += converted
        elif not amount:
            converter.missing.discard((code, int(year) if year is not None else -1))
    missing = tuple(sorted(converter.missing, key=lambda pair: (pair[1], pair[0])))
    left_out = 0
    if missing:
        left_out = session.scalar(
            select(func.count(func.distinct(parts.c.owner))).where(
                or_(*(and_(parts.c.currency == code,
                           parts.c.year.is_(None) if year == -1 else parts.c.year == year)
                      for code, year in missing))
            )
        ) or 0  # fmt: skip
    return BudgetTotal(
        currency, total, left_out,
        tuple((code, None if year == -1 else year) for code, year in missing),
        bool(converter.used), converter.rates.sources if converter.used else (),
    )  # fmt: skip
