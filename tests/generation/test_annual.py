"""The illustrative annual money of the seed portfolio: consistent with each project, and
what seed_data/portfolio/annual_figures.csv holds."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from tracker.config import SEED_DIR
from tracker.generation.annual import ANNUAL_FILE, portfolio_annual_rows, write_annual_csv
from tracker.generation.portfolio import AS_OF, CLOSED, generate_portfolio

SEED = 2024


@pytest.fixture(scope="module")
def portfolio():
    projects = generate_portfolio(200, 35, seed=SEED)
    rows = list(portfolio_annual_rows(projects, SEED, AS_OF))
    return projects, rows


def test_the_committed_file_is_what_the_generator_writes(portfolio, tmp_path):
    _projects, rows = portfolio
    write_annual_csv(rows, tmp_path)
    committed = next(SEED_DIR.rglob(ANNUAL_FILE))
    assert (tmp_path / ANNUAL_FILE).read_bytes() == committed.read_bytes()


def test_each_project_is_consistent(portfolio):
    projects, rows = portfolio
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_year: dict[tuple[str, int], set[str]] = defaultdict(set)
    funders_used: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        totals[row.project_code][row.measure] += row.amount
        by_year[(row.project_code, row.year)].add(row.measure)
        if row.funder:
            assert row.measure == "available"
            funders_used[row.project_code].add(row.funder)
    for project in projects:
        money = totals[project.code]
        assert money["required"] == project.budget, project.code
        funding = {o.organisation for o in project.organisations if o.role == 1}
        assert funders_used[project.code] == funding, project.code
        start = project.actual_start.year
        end = (project.actual_end or project.planned_end).year
        assert {year for code, year in by_year if code == project.code} == set(
            range(start, end + 1)
        )  # fmt: skip
        if project.status == CLOSED:
            assert Decimal("0.85") <= money["spent"] / money["available"] <= 1, project.code
        else:  # part-way: nothing spent in the years after the reference date
            assert money["spent"] < money["available"], project.code
            later = [m for (c, y), m in by_year.items() if c == project.code and y > AS_OF.year]
            assert all("spent" not in measures for measures in later), project.code
