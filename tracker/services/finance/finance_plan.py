"""What a finance import would do, as the preview shows it and the confirmation applies it:
per project of the file, its rows after the import and each figure that changes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from tracker.formats.records import ERROR, WARNING, Problem
from tracker.services.finance.annual import AnnualEntry


class FinanceImportRefused(ValueError):
    """The plan has errors, or a project no longer takes it; nothing should be kept."""


@dataclass(frozen=True)
class FigureChange:
    """One annual figure before and after the import (None: no such row)."""

    year: int
    measure: str
    funder: str  # acronym, or ""
    before: Decimal | None
    after: Decimal | None
    before_note: str = ""
    after_note: str = ""


@dataclass
class PlannedFinance:
    """One project of the file: its rows after the import, and what changes."""

    project_id: int
    code: str
    title: str
    currency: str
    version: int
    years: tuple[int, ...]
    entries: list[AnnualEntry]  # every row the project will have
    changes: list[FigureChange] = field(default_factory=list)
    illustrative: bool = False  # generated for demonstration: the preview says so


@dataclass
class FinancePlan:
    projects: list[PlannedFinance]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == ERROR for problem in self.problems)

    @property
    def changed(self) -> list[PlannedFinance]:
        return [planned for planned in self.projects if planned.changes]

    @property
    def years(self) -> list[int]:
        return sorted({year for planned in self.projects for year in planned.years})

    def fingerprint(self) -> str:
        """Equal for two plans that would do the same thing to the same rows."""
        parts = [(p.project_id, p.version, p.entries, p.changes) for p in self.projects]
        return hashlib.sha256(repr((parts, self.problems)).encode()).hexdigest()[:32]


def years_text(years: Sequence[int]) -> str:
    """'2025', '2025 and 2026', '2024, 2025 and 2026'."""
    words = [str(year) for year in years]
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s", first=", ".join(words[:-1]), last=words[-1])


@dataclass(frozen=True)
class FinanceImportResult:
    projects: int  # projects whose figures changed
    figures: int  # figures added, changed or removed
    warnings: int
