"""Each dashboard figure against the same figure computed another way, in Python."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.factories import make_project
from tracker.models import Goal, Project
from tracker.services import dashboards
from tracker.services.dashboards import project_ids
from tracker.services.register.search import RegisterFilters
from tracker.vocabulary import effective_shares


def projects(session, filters=None):
    filters = filters or RegisterFilters()
    ids = project_ids(filters)
    kept = set(session.scalars(ids if ids is not None else select(Project.id)))
    return [p for p in session.scalars(select(Project)) if p.id in kept]


def bars(chart):
    return {bar.key: bar.value for bar in chart.bars}


def test_active_years_are_read_from_the_url():
    filters, problems = RegisterFilters.from_args(
        MultiDict([("active_from", "2030"), ("active_to", "2020"), ("status", "9")])
    )
    assert (filters.active_from, filters.active_to, filters.status) == (2020, 2030, None)
    assert len(problems) == 2


@pytest.mark.parametrize(
    "args",
    [
        [],
        [("status", "2")],
        [("agency", "UNDP")],
        [("place", "KZ-75")],
        [("sector", "410")],
        [("active_from", "2020"), ("active_to", "2022")],
    ],
)
def test_each_filter_keeps_the_projects_it_says(session, args):
    filters, problems = RegisterFilters.from_args(MultiDict(args))
    assert not problems
    kept = {p.id for p in projects(session, filters)}
    expected = set()
    for p in session.scalars(select(Project)):
        start = p.actual_start or p.planned_start
        end = p.actual_end or p.planned_end
        if filters.status and p.status != filters.status:
            continue
        if filters.agency and not any(
            link.organisation.acronym == filters.agency and link.role in (2, 3, 4)
            for link in p.organisations
        ):
            continue
        if filters.place and filters.place not in {link.place_code for link in p.places}:
            continue
        if filters.sector and filters.sector not in {
            link.sector.category_code for link in p.sectors
        }:
            continue
        if filters.active_to and start > date(filters.active_to, 12, 31):
            continue
        if filters.active_from and end and end < date(filters.active_from, 1, 1):
            continue
        expected.add(p.id)
    assert kept == expected and kept


def test_overview_figures_agree_with_python_counts(session):
    filters = RegisterFilters(agency="UNICEF")
    kept = projects(session, filters)
    overview = dashboards.overview(session, filters, "projects")
    assert overview.headline.projects == len(kept)
    assert overview.headline.active == sum(p.status == 2 for p in kept)
    charts = {chart.name: chart for chart in overview.charts}
    assert bars(charts["statuses"]) == {
        str(code): Counter(p.status for p in kept)[code] for code in range(1, 7)
    }
    touching = Counter(
        goal for p in kept for goal in {link.target.goal_number for link in p.targets}
    )
    assert bars(charts["goals"]) == {str(g): touching[g] for g in range(1, 18)}
    agencies = Counter(
        acronym for p in kept
        for acronym in {link.organisation.acronym for link in p.organisations
                        if link.role in (2, 3, 4) and link.organisation.kind == "un_entity"}
    )  # fmt: skip
    assert bars(charts["agencies"]) == dict(agencies)


def test_allocated_budget_mode_adds_up_and_says_so(session):
    overview = dashboards.overview(session, RegisterFilters(), "budget")
    total = sum(p.budget for p in projects(session))
    goals = next(chart for chart in overview.charts if chart.name == "goals")
    assert abs(goals.total - total) < Decimal("1")
    assert "adds up to the total" in goals.note
    expected = defaultdict(Decimal)
    for p in projects(session):
        shares = effective_shares([link.share for link in p.targets])
        for link, share in zip(p.targets, shares,
                               strict=True):  # fmt: skip
            expected[str(link.target.goal_number)] += p.budget * share / 100
    for key, value in bars(goals).items():
        assert abs(value - expected.get(key, 0)) < Decimal("0.05")


def test_timeline_counts_starts_completions_and_active_years(session):
    rows = {row.year: row for row in dashboards.timeline(session, RegisterFilters())}
    everything = projects(session)
    starts = Counter((p.actual_start or p.planned_start).year for p in everything)
    completions = Counter(p.actual_end.year for p in everything if p.status == 4)
    for year, row in rows.items():
        assert row.starts == starts[year]
        assert row.completions == completions[year]
    year = 2018
    active = sum(
        1 for p in everything
        if (p.actual_start or p.planned_start).year <= year
        and (p.status == 2 or (p.actual_end or p.planned_end).year >= year)
    )  # fmt: skip
    assert rows[year].active == active


def test_goal_detail_lists_the_gaps(session):
    goal = session.get(Goal, 14)
    rows = dashboards.goal_detail(session, goal, RegisterFilters())
    assert [row.code for row in rows] == [t.code for t in goal.targets]
    served = {link.target.code for p in projects(session) for link in p.targets}
    assert {row.code for row in rows if not row.projects} == {
        t.code for t in goal.targets if t.code not in served
    }


def test_heatmap_counts_and_budget(session):
    counts = dashboards.sector_goal_heatmap(session, RegisterFilters(), "projects")
    expected = Counter(
        (category, goal) for p in projects(session)
        for category in {link.sector.category_code for link in p.sectors}
        for goal in {link.target.goal_number for link in p.targets}
    )  # fmt: skip
    assert counts.cells == dict(expected)
    budget = dashboards.sector_goal_heatmap(session, RegisterFilters(), "budget")
    total = sum(p.budget for p in projects(session) if p.sectors and p.targets)
    assert abs(sum(budget.cells.values()) - total) < Decimal("1")


def _charts(overview):
    return {chart.name: chart for chart in overview.charts}


def test_budget_figures_stay_in_one_currency_and_say_what_they_leave_out(session):
    """A project budgeted in tenge adds nothing to the dollar figures; it is named instead."""
    before = dashboards.overview(session, RegisterFilters(), "budget")
    make_project(session, currency="KZT", budget=Decimal("500000000"), targets=("3.8",))
    after = dashboards.overview(session, RegisterFilters(), "budget")
    usd = [p for p in projects(session) if p.currency == "USD"]
    assert after.currency.currency == "USD"
    assert [(o.currency, o.projects, o.budget) for o in after.currency.left_out] == [
        ("KZT", 1, Decimal("500000000"))
    ]
    assert after.headline.budget == before.headline.budget == sum(p.budget for p in usd)
    for name, chart in _charts(after).items():
        assert chart.unit == "USD"
        assert bars(chart) == bars(_charts(before)[name]), name
    assert after.headline.projects == before.headline.projects + 1  # counts count every project
    assert sum(s.budget for s in after.headline.by_status) == after.headline.budget
    # Asked for tenge, the figures are the tenge project's alone, and the dollars left out.
    tenge = dashboards.overview(session, RegisterFilters(currency="KZT"), "budget")
    assert tenge.headline.budget == Decimal("500000000")
    assert _charts(tenge)["goals"].total == Decimal("500000000")
    assert _charts(tenge)["goals"].unit == "KZT"
    assert [o.currency for o in tenge.currency.left_out] == ["USD"]
    assert tenge.headline.projects == after.headline.projects
    heatmap = dashboards.sector_goal_heatmap(session, RegisterFilters(), "budget")
    assert (
        heatmap.cells
        == dashboards.sector_goal_heatmap(session, RegisterFilters(currency="USD"), "budget").cells
    )


def test_the_usual_currency_is_the_one_most_projects_use(session):
    for _ in range(3):
        make_project(session, currency="KZT", budget=Decimal("1000"))
    choice = dashboards.currency_choice(session, project_ids(RegisterFilters(q="Test project")))
    assert choice.currency == "KZT"
    assert choice.currencies == ["KZT"]


def test_the_year_chart_keeps_to_the_active_years_filtered(session):
    filters = RegisterFilters(active_from=2020, active_to=2023, place="KZ-75")
    rows = dashboards.timeline(session, filters, today=date(2026, 6, 1))
    assert [row.year for row in rows] == [2020, 2021, 2022, 2023]
    for row in rows:
        one_year = RegisterFilters(active_from=row.year, active_to=row.year, place="KZ-75")
        assert row.active == len(projects(session, one_year)), row.year


def test_the_year_chart_ends_today_as_passed_in(session):
    rows = dashboards.timeline(session, RegisterFilters(), today=date(2021, 6, 1))
    assert rows[-1].year == 2021
