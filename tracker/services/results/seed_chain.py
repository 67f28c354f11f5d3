"""Loading the results chain of the seed (``seed_data/results/``): the Cooperation
Framework's three strategic priorities (official names), and ILLUSTRATIVE outcomes, outputs,
indicators with their yearly targets and actuals, and the seed projects' links to outputs.

A node whose code is already in the database is kept as it is (with its indicators), so
loading twice adds nothing and never overwrites what admins changed. Every row is checked
before anything is added: the first broken row stops the load with its file, line and reason.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_rows import RowError, parse_bool, parse_int, read_rows, required
from tracker.models import Indicator, Project, Target
from tracker.models.results import (
    INDICATOR_MEASURES,
    PARENT_LEVEL,
    RESULT_LEVELS,
    SDG_VOCABULARY,
    IndicatorPeriod,
    ResultIndicator,
    ResultNode,
)
from tracker.services.results.values import check_value

NODES = ("chain.csv", ("code", "level", "parent", "position", "title_en", "illustrative"))
TARGETS = ("chain_targets.csv", ("code", "target"))
INDICATORS = ("chain_indicators.csv", ("key", "node", "title_en", "measure", "ascending",
              "sdg_indicator", "baseline_year", "baseline_value", "baseline_comment"))  # fmt: skip
PERIODS = ("chain_periods.csv", ("indicator", "year", "target", "actual"))
LINKS = ("project_outputs.csv", ("project_code", "output"))


def _rows(directory: Path, spec: tuple[str, tuple[str, ...]], where: list):
    """The rows of one file, noting in ``where`` the file and line being read."""
    name, columns = spec
    for line, row in read_rows(directory / name, columns):
        where[:] = [name, line]
        yield row


def _number(measure: int, row: dict[str, str], column: str):
    checked = check_value(measure, row[column], "")
    if checked.problems:
        raise ValueError(f"{column}: {checked.problems[0]}")
    return checked.value


def load_chain(session: Session, directory: Path) -> dict[str, int]:
    """Add the chain of ``directory`` where its codes are new; return what was added."""
    counts = {"nodes": 0, "chain_indicators": 0, "chain_periods": 0, "project_outputs": 0}
    if not (directory / NODES[0]).exists():
        return counts
    existing = {node.code: node for node in session.scalars(select(ResultNode))}
    targets = {t.code: t for t in session.scalars(select(Target))}
    sdg = set(session.scalars(select(Indicator.code)))
    projects = {p.code: p for p in session.scalars(select(Project))}
    nodes: dict[str, ResultNode] = dict(existing)
    new: set[str] = set()
    indicators: dict[str, ResultIndicator] = {}
    where: list = ["", 0]
    try:
        for row in _rows(directory, NODES, where):
            code, level, parent = required(row, "code"), required(row, "level"), row["parent"]
            if level not in RESULT_LEVELS:
                raise ValueError(_("The level should be priority, outcome or output."))
            if level in PARENT_LEVEL and (parent not in nodes or nodes[parent].level
                                          != PARENT_LEVEL[level]):  # fmt: skip
                raise ValueError(_("“%(parent)s” is not a %(level)s listed above.",
                                   parent=parent, level=PARENT_LEVEL[level]))  # fmt: skip
            if code in new:
                raise ValueError(_("“%(code)s” is listed twice.", code=code))
            if code in existing:
                continue
            nodes[code] = ResultNode(
                code=code, level=level, parent=nodes.get(parent) if parent else None,
                position=parse_int(row, "position"), title_en=required(row, "title_en"),
                illustrative=parse_bool(row, "illustrative"),
            )  # fmt: skip
            new.add(code)
        for row in _rows(directory, TARGETS, where):
            node, target = nodes.get(row["code"]), targets.get(row["target"])
            if node is None or target is None:
                raise ValueError(_("Unknown node or SDG target."))
            if row["code"] in new:
                node.targets.append(target)
        for row in _rows(directory, INDICATORS, where):
            node = nodes.get(row["node"])
            measure = parse_int(row, "measure")
            if node is None or measure not in INDICATOR_MEASURES:
                raise ValueError(_("Unknown node or measure."))
            code = row["sdg_indicator"]
            if code and code not in sdg:
                raise ValueError(_("“%(code)s” is not one of the official SDG indicators.",
                                   code=code))  # fmt: skip
            indicator = ResultIndicator(
                title_en=required(row, "title_en"), measure=measure,
                ascending=parse_bool(row, "ascending"),
                reference_vocabulary=SDG_VOCABULARY if code else "", reference_code=code,
                baseline_year=parse_int(row, "baseline_year", optional=True),
                baseline_value=_number(measure, row, "baseline_value"),
                baseline_comment=row["baseline_comment"], position=len(node.indicators),
            )  # fmt: skip
            indicators[required(row, "key")] = indicator
            if row["node"] in new:
                node.indicators.append(indicator)
        for row in _rows(directory, PERIODS, where):
            indicator = indicators.get(row["indicator"])
            if indicator is None:
                raise ValueError(_("Unknown indicator “%(key)s”.", key=row["indicator"]))
            year = parse_int(row, "year")
            indicator.periods.append(IndicatorPeriod(
                period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                target_value=_number(indicator.measure, row, "target"),
                actual_value=_number(indicator.measure, row, "actual"),
            ))  # fmt: skip
        links = []
        for row in _rows(directory, LINKS, where):
            project, node = projects.get(row["project_code"]), nodes.get(row["output"])
            if project is None or node is None or node.level != "output":
                raise ValueError(_("Unknown project or output."))
            if row["output"] in new:
                links.append((project, node))
    except ValueError as error:
        raise RowError(where[0], where[1], str(error)) from None
    for code in new:
        session.add(nodes[code])
        counts["nodes"] += 1
    for project, node in links:
        node.projects.append(project)
        counts["project_outputs"] += 1
    counts["chain_indicators"] = sum(1 for i in indicators.values() if i.node is not None)
    counts["chain_periods"] = sum(len(i.periods) for i in indicators.values() if i.node)
    session.flush()
    return counts
