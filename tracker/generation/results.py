"""ILLUSTRATIVE results of generated projects: each active and many closed projects get one or
two results with one to three indicators, a baseline in the project's start year and yearly
periods with targets and actuals inside the project's dates.

Deterministic: each project draws from its own ``random.Random`` seeded with the portfolio
seed and its code, so the other generated files do not change. Indicators are drawn to
show every progress status: some reach their target, some keep pace, some lag or slide back
below their baseline, and some recent periods have no actual yet (relative to the
generator's fixed reference date, never today). Some refer to an official SDG indicator
(vocabulary 9) of a target the project serves.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tracker.generation.records import GeneratedProject

RESULTS_FILE, INDICATORS_FILE, PERIODS_FILE = (
    "results.csv",
    "result_indicators.csv",
    "indicator_periods.csv",
)
RESULT_COLUMNS = ("project_code", "result", "type", "title")
INDICATOR_COLUMNS = (
    "project_code", "result", "indicator", "title", "measure", "ascending",
    "reference_code", "baseline_year", "baseline_value", "baseline_comment",
)  # fmt: skip
PERIOD_COLUMNS = (
    "project_code", "result", "indicator", "period_start", "period_end", "target_value",
    "target_comment", "actual_value", "actual_comment",
)  # fmt: skip

# (title, measure, ascending, baseline range) per SDG goal: 1 unit, 2 percentage,
# 5 qualitative. The project's first target's goal picks the list.
TEMPLATES: dict[int, tuple[tuple[str, int, bool, tuple[int, int]], ...]] = {
    1: (("Households receiving targeted social assistance", 1, True, (200, 2000)),
        ("Share of poor households covered by social protection", 2, True, (20, 60))),
    2: (("Farmers applying climate-smart practices", 1, True, (50, 800)),
        ("Share of post-harvest losses", 2, False, (15, 35))),
    3: (("Health workers trained in primary care protocols", 1, True, (40, 400)),
        ("Share of children fully immunised", 2, True, (70, 90))),
    4: (("Teachers trained in inclusive education", 1, True, (50, 600)),
        ("Share of schools with digital learning resources", 2, True, (10, 50))),
    5: (("Women entrepreneurs supported with business services", 1, True, (30, 500)),
        ("Share of women in local decision-making bodies", 2, True, (15, 30))),
    6: (("People with safely managed drinking water", 1, True, (1000, 20000)),
        ("Share of water lost in distribution networks", 2, False, (25, 45))),
    7: (("Renewable capacity installed (MW)", 1, True, (5, 80)),
        ("Energy use of public buildings (kWh per m²)", 1, False, (180, 260))),
    8: (("Young people placed in jobs after training", 1, True, (100, 1500)),
        ("Share of informal employment among beneficiaries", 2, False, (30, 55))),
    9: (("Small enterprises using digital services", 1, True, (50, 700)),
        ("Share of firms with access to credit", 2, True, (15, 40))),
    10: (("Persons with disabilities using accessible services", 1, True, (100, 1200)),
         ("Share of migrants with access to legal aid", 2, True, (10, 40))),
    11: (("Households in energy-efficient housing", 1, True, (100, 2000)),
         ("Share of municipal waste recycled", 2, True, (5, 20))),
    12: (("Enterprises applying cleaner production", 1, True, (10, 120)),
         ("Tonnes of hazardous waste disposed of safely", 1, True, (100, 900))),
    13: (("Greenhouse gas emissions avoided (kt CO2e)", 1, True, (0, 40)),
         ("Districts with climate adaptation plans", 1, True, (0, 10))),
    14: (("Fish stocks assessed in the Caspian Sea", 1, True, (1, 8)),
         ("Share of coastline under monitoring", 2, True, (10, 40))),
    15: (("Hectares of degraded land restored", 1, True, (500, 8000)),
         ("Share of protected areas with management plans", 2, True, (30, 70))),
    16: (("Cases handled by free legal aid centres", 1, True, (200, 3000)),
         ("Share of public services available online", 2, True, (40, 80))),
    17: (("Statistical indicators reported with disaggregation", 1, True, (20, 150)),
         ("Share of SDG indicators with national data", 2, True, (40, 75))),
}  # fmt: skip
QUALITATIVE_TITLE = "Quality of the policy framework, as assessed by partners"
QUALITATIVE_STEPS = ("Draft under discussion", "Draft submitted to the Government",
                     "Adopted", "Adopted and budgeted")  # fmt: skip
# How an indicator's actuals move relative to the way to its target, by scenario.
PACE = {"achieved": Decimal("1.15"), "on_track": Decimal("1.0"), "limited": Decimal("0.5"),
        "moving_away": Decimal("-0.2")}  # fmt: skip
SCENARIOS = ("achieved", "on_track", "on_track", "limited", "moving_away", "no_data")


@dataclass(frozen=True, slots=True)
class Rows:
    results: list[dict[str, str]]
    indicators: list[dict[str, str]]
    periods: list[dict[str, str]]


def _span(project: GeneratedProject) -> tuple[date, date]:
    return project.actual_start, project.actual_end or project.planned_end


def _number(value: Decimal, percentage: bool) -> str:
    value = min(value, Decimal(100)) if percentage else value
    return str(max(value, Decimal(0)).quantize(Decimal("1" if not percentage else "0.1")))


def _indicator_rows(rng, project, result, number, template, reference, as_of):
    """One indicator's row and its periods' rows."""
    title, measure, ascending, (low, high) = template
    start, end = _span(project)
    code = project.code
    key = {"project_code": code, "result": str(result), "indicator": str(number)}
    qualitative = measure == 5
    baseline = Decimal(rng.randint(low, high))
    gain = max(baseline * Decimal(rng.choice(("0.3", "0.5", "0.8"))), Decimal(5))
    target = baseline + gain if ascending else baseline - min(gain, baseline * Decimal("0.6"))
    scenario = rng.choice(SCENARIOS)
    indicator = {
        **key, "title": title, "measure": str(measure), "ascending": "1" if ascending else "0",
        "reference_code": reference or "", "baseline_year": str(start.year),
        "baseline_value": "" if qualitative else _number(baseline, measure == 2),
        "baseline_comment": QUALITATIVE_STEPS[0] if qualitative else "",
    }  # fmt: skip
    years = list(range(start.year + 1, end.year + 1))
    periods = []
    for index, year in enumerate(years, start=1):
        first, last = max(date(year, 1, 1), start), min(date(year, 12, 31), end)
        if last <= first:
            continue
        share = Decimal(index) / Decimal(len(years))
        reached = year < as_of.year or (year == as_of.year and last < as_of)
        # Recent periods of some indicators still wait for their actual.
        late = year >= as_of.year - 1 and rng.random() < 0.35
        row = {**key, "period_start": first.isoformat(), "period_end": last.isoformat(),
               "target_value": "", "target_comment": "", "actual_value": "",
               "actual_comment": ""}  # fmt: skip
        if qualitative:
            step = QUALITATIVE_STEPS[min(index, len(QUALITATIVE_STEPS) - 1)]
            row["target_comment"] = step
            if reached and not late:
                row["actual_comment"] = QUALITATIVE_STEPS[
                    min(index - 1, len(QUALITATIVE_STEPS) - 1)
                ]
        else:
            row["target_value"] = _number(baseline + (target - baseline) * share, measure == 2)
            if reached and not late and scenario != "no_data":
                wobble = Decimal(rng.randint(-3, 3)) / 100
                moved = (target - baseline) * share * (PACE[scenario] + wobble)
                row["actual_value"] = _number(baseline + moved, measure == 2)
        periods.append(row)
    return indicator, periods


def project_results(
    project: GeneratedProject, seed: int, as_of: date, references: dict[str, list[str]]
) -> Rows:
    """The results of one project (none for about a third of the closed ones)."""
    rng = random.Random(f"{seed}-results-{project.code}")
    rows = Rows([], [], [])
    if project.status != 2 and rng.random() < 0.35:
        return rows
    goal = int(project.targets[0].code.split(".")[0])
    templates = TEMPLATES.get(goal, TEMPLATES[17])
    # Only indicators of the goal the titles fit, so a reference never contradicts its title.
    codes = [code for link in project.targets if link.code.split(".")[0] == str(goal)
             for code in references.get(link.code, ())]  # fmt: skip
    for result in range(1, rng.choice((1, 1, 2)) + 1):
        kind = "2" if result == 2 else "1"
        title = "Improved outcomes for the people served" if kind == "2" else "Services delivered"
        rows.results.append({"project_code": project.code, "result": str(result), "type": kind,
                             "title": title})  # fmt: skip
        for number in range(1, rng.choice((1, 2, 2, 3)) + 1):
            if number == 3:
                template = (QUALITATIVE_TITLE, 5, True, (0, 0))
            else:
                template = templates[(number + result) % len(templates)]
            reference = rng.choice(codes) if codes and rng.random() < 0.4 else None
            indicator, periods = _indicator_rows(rng, project, result, number, template,
                                                 reference, as_of)  # fmt: skip
            rows.indicators.append(indicator)
            rows.periods.extend(periods)
    return rows


def portfolio_result_rows(
    projects: list[GeneratedProject], seed: int, as_of: date, references: dict[str, list[str]]
) -> Rows:
    """Every project's results, indicators and periods, in project order."""
    rows = Rows([], [], [])
    for project in projects:
        found = project_results(project, seed, as_of, references)
        rows.results.extend(found.results)
        rows.indicators.extend(found.indicators)
        rows.periods.extend(found.periods)
    return rows


def write_results_csv(rows: Rows, out: Path) -> dict[str, int]:
    """Write the three files; returns the data rows per file."""
    counts = {}
    for name, columns, items in (
        (RESULTS_FILE, RESULT_COLUMNS, rows.results),
        (INDICATORS_FILE, INDICATOR_COLUMNS, rows.indicators),
        (PERIODS_FILE, PERIOD_COLUMNS, rows.periods),
    ):
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(items)
        counts[name] = len(items)
    return counts
