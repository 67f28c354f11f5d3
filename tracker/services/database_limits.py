"""What the database keeps exactly: the largest budget to the cent and the decimals of
amounts and shares. The form's rules and the import's checks both ask here, so a value is
refused rather than stored as something else (SQLite keeps amounts as floating point)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Numeric
from sqlalchemy.orm import Session

from tracker.models import Project
from tracker.models.project import SHARE

SQLITE_EXACT_DIGITS = 15  # a double keeps any 15 significant decimal digits exactly


@dataclass(frozen=True)
class DatabaseLimits:
    """The largest budget the database keeps to the cent, and the decimals it keeps."""

    budget_max: Decimal
    budget_decimals: int
    share_decimals: int


def database_limits(session: Session) -> DatabaseLimits:
    """The limits of the database ``session`` writes to: the budget column's precision, and
    on SQLite the 15 digits a floating-point number holds exactly."""
    budget: Numeric = Project.__table__.c.budget.type
    digits = budget.precision
    if session.get_bind().dialect.name == "sqlite":
        digits = min(digits, SQLITE_EXACT_DIGITS)
    whole = Decimal(10) ** (digits - budget.scale)
    return DatabaseLimits(whole - Decimal(1).scaleb(-budget.scale), budget.scale, SHARE.scale)
