"""Recording results: a project's results, their indicators and periods, and the actuals.

Every change to a project's results is checked against the version the user opened (a stale
form is refused with what changed since) and becomes a revision of the project, so the change
log shows it (``results_log``). Indicators of the results chain belong to no project: they are
checked the same way but have no project version or change log.

Rules live here and in ``values``; a problem leaves the database as it was (``Invalid``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Indicator, Project, User
from tracker.models.results import (
    INDICATOR_MEASURES,
    RESULT_TYPES,
    SDG_VOCABULARY,
    IndicatorPeriod,
    ProjectResult,
    ResultIndicator,
    ResultNode,
)
from tracker.services.portfolio import revisions
from tracker.services.results.values import check_value, period_problems, project_span

TITLE_MAX = 500


class Invalid(Exception):
    """What is wrong, by form field; nothing was stored."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class IndicatorFields:
    """An indicator's definition as a form gives it (texts as typed)."""

    title_en: str
    title_ru: str = ""
    title_kk: str = ""
    description: str = ""
    measure: int = 1
    ascending: bool = True
    sdg_indicator: str = ""
    baseline_year: int | None = None
    baseline_value: str = ""
    baseline_comment: str = ""


@dataclass(frozen=True)
class PeriodFields:
    start: date | None
    end: date | None
    target_value: str = ""
    target_comment: str = ""
    actual_value: str = ""
    actual_comment: str = ""


def owner_project(indicator: ResultIndicator) -> Project | None:
    """The project an indicator reports on, or None for a results-chain indicator."""
    return indicator.result.project if indicator.result is not None else None


def _begin(session: Session, project: Project | None, expected: int | None,
           problems: dict[str, str]) -> None:  # fmt: skip
    """Before a change to a project's results: refuse a stale form, then any problem, then
    keep the project as it was if its change log has no version yet (none for the chain)."""
    if project is not None:
        revisions.check_version(project, expected if expected is not None else -1)
    if problems:
        raise Invalid(problems)
    if project is not None:
        revisions.ensure_baseline(session, project)


def _saved(session: Session, project: Project | None, editor: User) -> None:
    session.flush()
    if project is not None:
        revisions.touch(project, editor)
        session.flush()
        revisions.record(session, project, editor)


def save_result(
    session: Session,
    project: Project,
    *,
    type_: int,
    title: str,
    description: str = "",
    editor: User,
    expected_version: int,
    result: ProjectResult | None = None,
) -> ProjectResult:
    """Add a result to ``project``, or change ``result``."""
    problems = {}
    if type_ not in RESULT_TYPES:
        problems["type"] = _("Choose the kind of result: output, outcome, impact or other.")
    if not title.strip():
        problems["title"] = _("Give the result a title.")
    elif len(title) > TITLE_MAX:
        problems["title"] = _("At most %(count)s characters.", count=TITLE_MAX)
    _begin(session, project, expected_version, problems)
    if result is None:
        result = ProjectResult(position=len(project.results))
        project.results.append(result)
    result.type, result.title, result.description = type_, title.strip(), description.strip()
    _saved(session, project, editor)
    return result


def _indicator_problems(session: Session, fields: IndicatorFields) -> tuple[dict, object]:
    problems: dict[str, str] = {}
    if not fields.title_en.strip():
        problems["title_en"] = _("Give the indicator a title in English.")
    if fields.measure not in INDICATOR_MEASURES:
        problems["measure"] = _("Choose how the indicator is measured.")
    code = fields.sdg_indicator.strip()
    if code and session.scalar(select(Indicator.id).where(Indicator.code == code)) is None:
        problems["sdg_indicator"] = _("“%(code)s” is not one of the official SDG indicators.",
                                      code=code[:20])  # fmt: skip
    baseline = check_value(fields.measure, fields.baseline_value, fields.baseline_comment)
    if baseline.problems:
        problems["baseline_value"] = baseline.problems[0]
    if (baseline.value is not None or baseline.comment) and fields.baseline_year is None:
        problems["baseline_year"] = _("Say in which year the baseline was measured.")
    if fields.baseline_year is not None and not 1900 <= fields.baseline_year <= 2200:
        problems["baseline_year"] = _("The year should be between 1900 and 2200.")
    return problems, baseline


def save_indicator(
    session: Session,
    fields: IndicatorFields,
    *,
    editor: User,
    result: ProjectResult | None = None,
    node: ResultNode | None = None,
    indicator: ResultIndicator | None = None,
    expected_version: int | None = None,
) -> ResultIndicator:
    """Add an indicator to a project ``result`` or a chain ``node``, or change ``indicator``."""
    if indicator is not None:
        result, node = indicator.result, indicator.node
    project = result.project if result is not None else None
    problems, baseline = _indicator_problems(session, fields)
    _begin(session, project, expected_version, problems)
    if indicator is None:
        owner = result if result is not None else node
        indicator = ResultIndicator(position=len(owner.indicators))  # type: ignore[union-attr]
        owner.indicators.append(indicator)  # type: ignore[union-attr]
    code = fields.sdg_indicator.strip()
    indicator.title_en, indicator.title_ru, indicator.title_kk = (
        fields.title_en.strip(), fields.title_ru.strip(), fields.title_kk.strip())  # fmt: skip
    indicator.description, indicator.measure = fields.description.strip(), fields.measure
    indicator.ascending = fields.ascending
    if code:
        indicator.reference_vocabulary, indicator.reference_code = SDG_VOCABULARY, code
    elif indicator.reference_vocabulary in ("", SDG_VOCABULARY):
        # Cleared on the form; a reference in another vocabulary (from IATI) is kept.
        indicator.reference_vocabulary, indicator.reference_code = "", ""
    indicator.baseline_year = fields.baseline_year
    indicator.baseline_value, indicator.baseline_comment = baseline.value, baseline.comment
    _saved(session, project, editor)
    return indicator


def _period_problems(indicator: ResultIndicator, fields: PeriodFields,
                     period: IndicatorPeriod | None) -> tuple[dict, object, object]:  # fmt: skip
    problems: dict[str, str] = {}
    project = owner_project(indicator)
    span = project_span(project) if project is not None else (None, None)
    wrong = period_problems(fields.start, fields.end, *span)
    if wrong:
        problems["end" if fields.start and fields.end else "start"] = " ".join(wrong)
    else:
        for other in indicator.periods:
            if (
                other is not period
                and other.period_start <= fields.end
                and (  # type: ignore[operator]
                    fields.start <= other.period_end  # type: ignore[operator]
                )
            ):
                problems["start"] = _("This period overlaps the period %(start)s – %(end)s.",
                                      start=other.period_start.isoformat(),
                                      end=other.period_end.isoformat())  # fmt: skip
                break
    target = check_value(indicator.measure, fields.target_value, fields.target_comment)
    actual = check_value(indicator.measure, fields.actual_value, fields.actual_comment)
    if target.problems:
        problems["target_value"] = target.problems[0]
    if actual.problems:
        problems["actual_value"] = actual.problems[0]
    return problems, target, actual


def save_period(
    session: Session,
    indicator: ResultIndicator,
    fields: PeriodFields,
    *,
    editor: User,
    expected_version: int | None = None,
    period: IndicatorPeriod | None = None,
) -> IndicatorPeriod:
    """Add a period with its target and actual to ``indicator``, or change ``period``."""
    project = owner_project(indicator)
    problems, target, actual = _period_problems(indicator, fields, period)
    _begin(session, project, expected_version, problems)
    if period is None:
        period = IndicatorPeriod()
        indicator.periods.append(period)
    period.period_start, period.period_end = fields.start, fields.end  # type: ignore[assignment]
    period.target_value, period.target_comment = target.value, target.comment
    period.actual_value, period.actual_comment = actual.value, actual.comment
    _saved(session, project, editor)
    return period


def record_actual(
    session: Session,
    period: IndicatorPeriod,
    value: str,
    comment: str,
    *,
    editor: User,
    expected_version: int | None = None,
) -> IndicatorPeriod:
    """Record what a period achieved, leaving its dates and target as they are."""
    indicator = period.indicator
    project = owner_project(indicator)
    actual = check_value(indicator.measure, value, comment)
    problems = {"actual_value": actual.problems[0]} if actual.problems else {}
    _begin(session, project, expected_version, problems)
    period.actual_value, period.actual_comment = actual.value, actual.comment
    _saved(session, project, editor)
    return period


def delete_indicator(session: Session, indicator: ResultIndicator, *, editor: User,
                     expected_version: int | None = None) -> None:  # fmt: skip
    """Remove an indicator with its periods (the change log keeps what it was)."""
    project = owner_project(indicator)
    _begin(session, project, expected_version, {})
    owner = indicator.result if indicator.result is not None else indicator.node
    owner.indicators.remove(indicator)  # type: ignore[union-attr]
    _saved(session, project, editor)
