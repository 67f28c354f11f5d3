"""Loading the illustrative portfolio's project results (``results.csv``,
``result_indicators.csv``, ``indicator_periods.csv``), keyed by project code.

Projects that already have results are skipped with all their rows, so seeding twice adds
nothing. Values and period dates are checked with the rules the forms use
(``results.values``); the first broken row stops the load with its file, line and reason.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.csv_rows import RowError, parse_date, parse_int, read_rows, required
from tracker.models import IndicatorPeriod, Project, ProjectResult, ResultIndicator
from tracker.models.results import INDICATOR_MEASURES, RESULT_TYPES, SDG_VOCABULARY
from tracker.services.results.values import check_value, period_problems, project_span

RESULTS_FILE, INDICATORS_FILE, PERIODS_FILE = (
    "results.csv",
    "result_indicators.csv",
    "indicator_periods.csv",
)


def load_results(session: Session, directory: Path) -> dict[str, int]:
    """Add the results of the projects in ``directory``'s files that have none yet."""
    if not (directory / RESULTS_FILE).exists():  # older portfolio folders have no results
        return {}
    projects = {
        project.code: project
        for project in session.scalars(select(Project).options(selectinload(Project.results)))
    }
    skipped = {code for code, project in projects.items() if project.results}
    results: dict[tuple[str, str], ProjectResult] = {}
    indicators: dict[tuple[str, str, str], ResultIndicator] = {}
    added: dict[str, int] = defaultdict(int)

    def rows(name: str, columns: tuple[str, ...]):
        path = directory / name
        for line, row in read_rows(path, ("project_code", *columns)):
            code = row["project_code"]
            if code in skipped:
                continue
            if code not in projects:
                raise RowError(name, line, _("Project “%(code)s” is not in the database.",
                                             code=code))  # fmt: skip
            yield line, row, projects[code]

    for line, row, project in rows(RESULTS_FILE, ("result", "type", "title")):
        try:
            kind = parse_int(row, "type")
            if kind not in RESULT_TYPES:
                raise ValueError(_("Unknown result type %(type)s.", type=kind))
            key = (project.code, required(row, "result"))
            if key in results:
                raise ValueError(_("Result %(key)s is listed twice.", key=key[1]))
            results[key] = ProjectResult(type=kind, title=required(row, "title"),
                                         position=len(project.results))  # fmt: skip
            project.results.append(results[key])
        except ValueError as error:
            raise RowError(RESULTS_FILE, line, str(error)) from None
        added["project_results"] += 1

    indicator_columns = ("result", "indicator", "title", "measure", "ascending",
                         "reference_code", "baseline_year", "baseline_value",
                         "baseline_comment")  # fmt: skip
    for line, row, project in rows(INDICATORS_FILE, indicator_columns):
        try:
            result = results.get((project.code, row["result"]))
            if result is None:
                raise ValueError(_("Result %(key)s is not in results.csv.", key=row["result"]))
            measure = parse_int(row, "measure")
            if measure not in INDICATOR_MEASURES:
                raise ValueError(_("Unknown measure %(measure)s.", measure=measure))
            baseline = check_value(measure, row["baseline_value"], row["baseline_comment"])
            if baseline.problems:
                raise ValueError(" ".join(baseline.problems))
            key = (project.code, row["result"], required(row, "indicator"))
            if key in indicators:
                raise ValueError(_("Indicator %(key)s is listed twice.", key=key[2]))
            reference = row["reference_code"].strip()
            indicators[key] = ResultIndicator(
                title_en=required(row, "title"), measure=measure,
                ascending=row["ascending"] != "0", position=len(result.indicators),
                reference_vocabulary=SDG_VOCABULARY if reference else "",
                reference_code=reference,
                baseline_year=parse_int(row, "baseline_year", optional=True),
                baseline_value=baseline.value, baseline_comment=baseline.comment,
            )  # fmt: skip
            result.indicators.append(indicators[key])
        except ValueError as error:
            raise RowError(INDICATORS_FILE, line, str(error)) from None
        added["result_indicators"] += 1

    period_columns = ("result", "indicator", "period_start", "period_end", "target_value",
                      "target_comment", "actual_value", "actual_comment")  # fmt: skip
    for line, row, project in rows(PERIODS_FILE, period_columns):
        try:
            indicator = indicators.get((project.code, row["result"], row["indicator"]))
            if indicator is None:
                raise ValueError(_("Indicator %(key)s is not in result_indicators.csv.",
                                   key=row["indicator"]))  # fmt: skip
            start, end = parse_date(row, "period_start"), parse_date(row, "period_end")
            problems = period_problems(start, end, *project_span(project))
            target = check_value(indicator.measure, row["target_value"], row["target_comment"])
            actual = check_value(indicator.measure, row["actual_value"], row["actual_comment"])
            problems += target.problems + actual.problems
            if any((p.period_start, p.period_end) == (start, end) for p in indicator.periods):
                problems.append(_("The period is listed twice."))
            if problems:
                raise ValueError(" ".join(str(problem) for problem in problems))
            indicator.periods.append(IndicatorPeriod(
                period_start=start, period_end=end, target_value=target.value,
                target_comment=target.comment, actual_value=actual.value,
                actual_comment=actual.comment,
            ))  # fmt: skip
        except ValueError as error:
            raise RowError(PERIODS_FILE, line, str(error)) from None
        added["indicator_periods"] += 1
    session.flush()
    return dict(added)
