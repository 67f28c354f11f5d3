"""Reading results: one indicator with what it belongs to."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models.results import IndicatorPeriod, ProjectResult, ResultIndicator


def indicator(session: Session, indicator_id: int) -> ResultIndicator | None:
    """The indicator with its periods, breakdowns and owner (node or project result)."""
    return session.scalar(
        select(ResultIndicator)
        .where(ResultIndicator.id == indicator_id)
        .options(
            selectinload(ResultIndicator.periods).selectinload(IndicatorPeriod.breakdowns),
            selectinload(ResultIndicator.result).selectinload(ProjectResult.project),
            selectinload(ResultIndicator.node),
        )
    )


def number(value: Decimal | None) -> str:
    """A stored figure as people write it: 64.5, not 64.5000; "" for none."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "0") else text
