"""Factories for test data: valid by default, overridden per test."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import (
    AnnualFigure,
    ExchangeRate,
    IndicatorPeriod,
    Organisation,
    Project,
    ProjectResult,
    ProjectTarget,
    ResultIndicator,
    StatusChange,
    Target,
)

_codes = itertools.count(1)


def make_project(session: Session, *, targets: tuple[str, ...] = ("3.8",), **fields) -> Project:
    """An active project (status 2) with a consistent two-step history, flushed."""
    values = {
        "code": f"TEST-{next(_codes):05d}",
        "title": "Test project",
        "status": 2,
        "planned_start": date(2024, 1, 1),
        "planned_end": date(2027, 12, 31),
        "actual_start": date(2024, 2, 1),
        "budget": Decimal("100000.00"),
        "currency": "USD",
        "source": "manual",
        **fields,
    }
    project = Project(**values)
    for code in targets:
        target = session.scalars(select(Target).where(Target.code == code)).one()
        project.targets.append(ProjectTarget(target=target))
    project.history = [
        StatusChange(from_status=None, to_status=1, effective_date=date(2023, 11, 1),
                     changed_by="test", reason="Identified"),
        StatusChange(from_status=1, to_status=2, effective_date=date(2024, 2, 1),
                     changed_by="test", reason="Started"),
    ]  # fmt: skip
    session.add(project)
    session.flush()
    return project


def add_figures(
    session: Session,
    project: Project,
    year: int,
    currency: str = "USD",
    funder: Organisation | None = None,
    **amounts: str,
) -> None:
    """Annual figures of one year: add_figures(s, p, 2025, required="100", available="60")."""
    for measure, amount in amounts.items():
        session.add(
            AnnualFigure(
                project=project,
                year=year,
                measure=measure,
                amount=Decimal(amount),
                currency=currency,
                funder=funder if measure == "available" else None,
            )
        )
    session.flush()


def add_rate(
    session: Session,
    currency: str,
    year: int,
    rate: str,
    quote: str = "USD",
    source: str = "Test central bank",
    months: tuple[int, ...] = (1,),
) -> None:
    """Monthly rates "1 currency = rate quote" for the given months of ``year``."""
    for month in months:
        session.add(
            ExchangeRate(
                currency=currency,
                quote_currency=quote,
                month=date(year, month, 1),
                rate=Decimal(rate),
                source=source,
            )
        )
    session.flush()


def add_indicator(
    session: Session,
    project: Project,
    *,
    periods: tuple[tuple[int, str | None, str | None], ...] = ((2025, "50", "30"),),
    **fields,
) -> ResultIndicator:
    """A unit indicator on a new output result of ``project``, baseline 10 in 2023, with one
    calendar-year period per ``(year, target, actual)``; flushed."""
    result = ProjectResult(project=project, type=1, title="Test output")
    values = {
        "title_en": "People reached",
        "measure": 1,
        "ascending": True,
        "baseline_year": 2023,
        "baseline_value": Decimal(10),
        **fields,
    }
    indicator = ResultIndicator(result=result, **values)
    for year, target, actual in periods:
        indicator.periods.append(
            IndicatorPeriod(
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                target_value=None if target is None else Decimal(target),
                actual_value=None if actual is None else Decimal(actual),
            )
        )
    session.add(result)
    session.flush()
    return indicator
