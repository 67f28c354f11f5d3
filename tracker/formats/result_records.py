"""What an IATI file says of a project's results and markers, as plain records.

The reader keeps every value as the text the file gives (``"1250"``, ``"abc"``, ``""``), so
the import checks it with the same rule as the forms (``services.results.values``) and says
what is wrong in the same words; the export writes stored values back as such text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ValueRecord:
    """A target, actual or baseline: its value as text ("" = none) and comment; ``dimension``
    and ``category`` name a breakdown (``sex``/``female``), blank for the total."""

    value: str = ""
    comment: str = ""
    dimension: str = ""
    category: str = ""


@dataclass(frozen=True)
class PeriodRecord:
    """One period of an indicator: its dates, and its targets and actuals (the total first
    when there is one, then the breakdowns)."""

    start: date | None
    end: date | None
    targets: tuple[ValueRecord, ...] = ()
    actuals: tuple[ValueRecord, ...] = ()


@dataclass(frozen=True)
class IndicatorRecord:
    """An IATI ``<indicator>``: titles by language (``en`` first), measure 1-5, direction,
    the reference it is listed under, its baseline and periods."""

    titles: tuple[tuple[str, str], ...]  # (language, title)
    measure: int | None
    description: str = ""
    ascending: bool = True
    reference_vocabulary: str = ""
    reference_code: str = ""
    baseline_year: int | None = None
    baseline_date: date | None = None
    baseline: ValueRecord | None = None
    periods: tuple[PeriodRecord, ...] = ()

    @property
    def title(self) -> str:
        """The English title, else the first."""
        titles = dict(self.titles)
        return titles.get("en") or next(iter(titles.values()), "")


@dataclass(frozen=True)
class ResultRecord:
    """An IATI ``<result>``: type (1 output, 2 outcome, 3 impact, 9 other), texts and
    indicators."""

    type: int | None
    title: str
    description: str = ""
    aggregation_status: bool | None = None
    indicators: tuple[IndicatorRecord, ...] = ()


@dataclass(frozen=True)
class PolicyMarkerRecord:
    """An IATI ``<policy-marker>`` (vocabulary 1 OECD DAC, 99 the publisher's own, named)."""

    vocabulary: str
    code: str
    significance: int | None = None
    name: str = ""


@dataclass(frozen=True)
class UnMarkerRecord:
    """A UN Gender Equality or Human Rights Marker, written in the tracker's namespace."""

    marker: str  # "gender" or "human_rights"
    score: int
    justification: str = ""


@dataclass(frozen=True)
class ActivityResults:
    """What an activity says of results and markers (``un_markers`` None: it does not say)."""

    results: tuple[ResultRecord, ...] = ()
    policy_markers: tuple[PolicyMarkerRecord, ...] = ()
    un_markers: tuple[UnMarkerRecord, ...] | None = None

    def counts(self) -> tuple[int, int, int, int]:
        """Results, indicators, periods and policy markers, for the import's preview."""
        indicators = [i for result in self.results for i in result.indicators]
        periods = sum(len(indicator.periods) for indicator in indicators)
        return len(self.results), len(indicators), periods, len(self.policy_markers)
