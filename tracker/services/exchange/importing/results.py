"""Planning what an IATI import stores of an activity's results and markers.

Every target, actual and baseline goes through the forms' own rule
(``services.results.values.check_value``), so a mistake reads the same wherever it is
made, named by its place: "Result 2, indicator 1, period 2024, actual: “abc” is not a
number". Such a mistake is an error of the activity, which is then left out whole: a
project is never stored with half its results. What is planned is the results as they
will be stored (values written as the export writes them), so a re-import of an exported
file is "unchanged".
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from flask_babel import gettext as _

from tracker.formats.records import WARNING
from tracker.formats.result_records import (
    ActivityResults,
    IndicatorRecord,
    PeriodRecord,
    PolicyMarkerRecord,
    ResultRecord,
    UnMarkerRecord,
    ValueRecord,
)
from tracker.models.results import (
    INDICATOR_MEASURES,
    MARKER_SCORES,
    RESULT_TYPES,
    SDG_VOCABULARY,
    UN_MARKERS,
)
from tracker.services.exchange.iati_results import value_text
from tracker.services.results.values import check_value, period_problems

Add = Callable[..., None]  # (column, message, severity=ERROR): the resolver's
SIGNIFICANCES = range(0, 5)  # IATI PolicySignificance 0-4
LENGTHS = {"vocabulary": 10, "reference": 100, "dimension": 100, "marker_code": 20}
NAME_LENGTH = 300


def period_name(start: date | None, end: date | None) -> str:
    """``2024`` for a calendar year, else ``2024-01-01–2024-06-30``."""
    whole_year = start and end and start.year == end.year
    if whole_year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    return f"{start or '?'}–{end or '?'}"


def results_summary(found: ActivityResults) -> str:
    """``2 results, 3 indicators, 6 periods, 1 policy marker`` in the reader's language."""
    results, indicators, periods, markers = found.counts()
    return _("%(results)s results, %(indicators)s indicators, %(periods)s periods, "
             "%(markers)s policy markers", results=results, indicators=indicators,
             periods=periods, markers=markers)  # fmt: skip


def plan_results(
    found: ActivityResults | None,
    add: Add,
    span: tuple[date | None, date | None],
    sdg_codes: Collection[str],
) -> ActivityResults | None:
    """The results and markers as they will be stored; errors and warnings go to ``add``."""
    if found is None:
        return None
    planner = _ResultsPlanner(add, span, sdg_codes)
    results = tuple(planner.result(n, r) for n, r in enumerate(found.results, 1))
    return ActivityResults(
        results, planner.policy_markers(found.policy_markers), planner.un_markers(found.un_markers)
    )


class _ResultsPlanner:
    def __init__(
        self, add: Add, span: tuple[date | None, date | None], sdg_codes: Collection[str]
    ) -> None:
        self.add, self.span, self.sdg_codes = add, span, sdg_codes

    def error(self, place: list[str], message: str) -> None:
        self.add("result", _("%(place)s: %(problem)s", place=", ".join(place), problem=message))

    def warn(self, place: list[str], message: str) -> None:
        self.add("result", _("%(place)s: %(problem)s", place=", ".join(place), problem=message),
                 WARNING)  # fmt: skip

    def result(self, number: int, found: ResultRecord) -> ResultRecord:
        place = [_("Result %(number)s", number=number)]
        if found.type not in RESULT_TYPES:
            self.error(place, _("the type must be one of 1 output, 2 outcome, 3 impact, 9 other."))
        if not found.title:
            self.error(place, _("a result needs a title."))
        indicators = tuple(
            self.indicator([*place, _("indicator %(number)s", number=n)], indicator)
            for n, indicator in enumerate(found.indicators, 1)
        )
        return ResultRecord(found.type, found.title, found.description,
                            found.aggregation_status, indicators)  # fmt: skip

    def indicator(self, place: list[str], found: IndicatorRecord) -> IndicatorRecord:
        titles = dict(found.titles)
        title = found.title
        if not title:
            self.error(place, _("an indicator needs a title."))
        measure = found.measure if found.measure in INDICATOR_MEASURES else None
        if measure is None:
            self.error(place, _("the measure must be one of 1 unit, 2 percentage, 3 nominal, "
                                "4 ordinal, 5 qualitative."))  # fmt: skip
        vocabulary, code = found.reference_vocabulary, found.reference_code
        if vocabulary == SDG_VOCABULARY and code not in self.sdg_codes:
            self.warn(place, _("“%(code)s” is not an SDG indicator code; the reference is left "
                               "out.", code=code[:40]))  # fmt: skip
            vocabulary = code = ""
        self.length(place, vocabulary, "vocabulary")
        self.length(place, code, "reference")
        year = found.baseline_year
        baseline = None
        if found.baseline is not None or year is not None:
            if year is None or not 1900 <= year <= 2200:
                self.error(place, _("the baseline needs a year between 1900 and 2200."))
            baseline = self.value([*place, _("baseline")], measure, found.baseline or ValueRecord())
        periods, seen = [], set()
        for period in found.periods:
            name = _("period %(period)s", period=period_name(period.start, period.end))
            if (period.start, period.end) in seen:
                self.error([*place, name], _("the indicator has this period twice."))
            seen.add((period.start, period.end))
            periods.append(self.period([*place, name], measure, period))
        periods.sort(key=lambda p: (p.start or date.min, p.end or date.min))
        names = (title, titles.get("ru", ""), titles.get("kk", ""))
        return IndicatorRecord(
            tuple((lang, text) for lang, text in zip(("en", "ru", "kk"), names, strict=True)
                  if text),
            measure, found.description, found.ascending, vocabulary, code, year,
            found.baseline_date, baseline, tuple(periods),
        )  # fmt: skip

    def period(self, place: list[str], measure: int | None, found: PeriodRecord) -> PeriodRecord:
        for problem in period_problems(found.start, found.end, None, None):
            self.error(place, problem)
        if found.start and found.end and found.start <= found.end:
            for problem in period_problems(found.start, found.end, *self.span):
                self.warn(place, problem)
        return PeriodRecord(
            found.start,
            found.end,
            self.values([*place, _("target")], measure, found.targets),
            self.values([*place, _("actual")], measure, found.actuals),
        )

    def values(
        self, place: list[str], measure: int | None, found: tuple[ValueRecord, ...]
    ) -> tuple[ValueRecord, ...]:
        kept, seen = [], set()
        for value in found:
            key = (value.dimension, value.category)
            if key in seen:
                where = (
                    [*place, f"{value.dimension}={value.category}"] if value.dimension else place
                )
                self.error(where, _("given twice for the period."))
            seen.add(key)
            self.length(place, value.dimension, "dimension")
            self.length(place, value.category, "dimension")
            checked = self.value(place, measure, value)
            if checked.dimension or checked.value or checked.comment:  # a blank total: none
                kept.append(checked)
        return tuple(sorted(kept, key=lambda v: (bool(v.dimension), v.dimension, v.category)))

    def value(self, place: list[str], measure: int | None, found: ValueRecord) -> ValueRecord:
        if measure is None:
            return found
        checked = check_value(measure, found.value, found.comment)
        for problem in checked.problems:
            self.error(place, problem)
        return ValueRecord(value_text(checked.value), checked.comment, found.dimension,
                           found.category)  # fmt: skip

    def length(self, place: list[str], text: str, what: str) -> None:
        if len(text) > LENGTHS[what]:
            self.error(place, _("“%(text)s…” is longer than %(limit)s characters.",
                                text=text[:20], limit=LENGTHS[what]))  # fmt: skip

    def policy_markers(self, found: tuple[PolicyMarkerRecord, ...]) -> tuple:
        kept: dict[tuple[str, str], PolicyMarkerRecord] = {}
        for number, marker in enumerate(found, 1):
            place = [_("Policy marker %(number)s", number=number)]
            if not marker.code:
                self.warn(place, _("no code; left out."))
                continue
            if (marker.vocabulary, marker.code) in kept:
                self.warn(place, _("the same marker again; left out."))
                continue
            if marker.significance is not None and marker.significance not in SIGNIFICANCES:
                self.error(place, _("the significance must be one of 0 to 4."))
            self.length(place, marker.vocabulary, "vocabulary")
            self.length(place, marker.code, "marker_code")
            name = marker.name[:NAME_LENGTH] if marker.vocabulary == "99" else ""
            kept[(marker.vocabulary, marker.code)] = PolicyMarkerRecord(
                marker.vocabulary, marker.code, marker.significance, name
            )
        return tuple(kept[key] for key in sorted(kept))

    def un_markers(self, found: tuple[UnMarkerRecord, ...] | None) -> tuple | None:
        if found is None:
            return None
        kept: dict[str, UnMarkerRecord] = {}
        for marker in found:
            if marker.marker in UN_MARKERS and marker.score in MARKER_SCORES:
                kept.setdefault(marker.marker, marker)
            else:
                self.warn([marker.marker[:20]], _("not a UN marker score the tracker knows; left "
                                                  "out."))  # fmt: skip
        return tuple(kept[key] for key in sorted(kept))
