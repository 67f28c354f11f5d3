"""What an import of actuals would do, as the preview shows it and the confirmation applies
it: per project of the file, the periods whose figures it sets, and each change before → after."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.formats.records import ERROR, WARNING, Problem


class ResultsImportRefused(ValueError):
    """The plan has errors, or a project no longer takes it; nothing should be kept."""


Figure = tuple[Decimal | None, str]  # (value, comment) as stored


@dataclass(frozen=True)
class PlannedPeriod:
    """A period of an indicator after the import; a figure that is None stays as it is."""

    indicator_id: int
    period_start: date
    period_end: date
    actual: Figure
    target: Figure | None = None
    new: bool = False  # the period is added


@dataclass(frozen=True)
class FigureChange:
    """A target or actual of one period before and after, as text ("48 (survey)")."""

    line: int
    indicator_id: int
    indicator_title: str
    period: str  # "2025" or "2025-01-01–2025-06-30"
    what: str  # "actual" or "target"
    before: str  # "" when there was none
    after: str
    new_period: bool = False


@dataclass
class PlannedResults:
    """One project of the file: the periods the import sets and what changes."""

    project_id: int
    code: str
    title: str
    version: int
    periods: list[PlannedPeriod] = field(default_factory=list)
    changes: list[FigureChange] = field(default_factory=list)
    illustrative: bool = False  # generated for demonstration: the preview says so


@dataclass
class ResultsPlan:
    projects: list[PlannedResults]
    problems: list[Problem]
    rows: int = 0  # rows read from the file

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
    def changed(self) -> list[PlannedResults]:
        return [planned for planned in self.projects if planned.changes]

    @property
    def change_count(self) -> int:
        return sum(len(planned.changes) for planned in self.projects)

    def fingerprint(self) -> str:
        """Equal for two plans that would do the same thing to the same figures."""
        parts = [(p.project_id, p.version, p.periods, p.changes) for p in self.projects]
        return hashlib.sha256(repr((parts, self.problems)).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ResultsImportResult:
    projects: int  # projects whose figures changed
    figures: int  # targets and actuals set
