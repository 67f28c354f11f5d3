"""Components in the portfolio: counted in their project, their budgets rolled up to it."""

from decimal import Decimal

from sqlalchemy import func, select

from tests.factories import make_project
from tests.iati_files import built_file
from tests.services.exchange.test_importing_published import imported
from tracker.extensions import db
from tracker.models import Project
from tracker.services import dashboards
from tracker.services.exchange import api_reads
from tracker.services.exchange.exporting import export_records
from tracker.services.portfolio.components import components_of
from tracker.services.register.search import RegisterFilters, filtered_select, search_projects


def _goal_bars(session, mode, currency=None):
    chart = dashboards.goal_chart(session, RegisterFilters(), mode, currency)
    return {bar.key: bar.value for bar in chart.bars}


def test_the_register_lists_projects_not_components(session):
    before = session.scalar(filtered_select(RegisterFilters(), func.count(Project.id)))
    parent, same, other = make_family(session)
    after = session.scalar(filtered_select(RegisterFilters(), func.count(Project.id)))
    assert after == before + 1
    page = search_projects(session, RegisterFilters(q="KZ-PARENT-1"))
    assert [row.project.code for row in page.rows] == ["KZ-PARENT-1"]
    assert page.rows[0].components == 2
    assert components_of(session, [parent.id])[parent.id][0].code == same.code


def make_family(session):
    parent = make_project(session, code="KZ-PARENT-1", title="Climate programme",
                          targets=("13.2",), budget=Decimal("100000"))  # fmt: skip
    same = make_project(session, code="KZ-PARENT-1-OUT1", title="Solar output",
                        targets=("7.2",), budget=Decimal("50000"), parent_id=parent.id)  # fmt: skip
    other = make_project(session, code="KZ-PARENT-1-OUT2", title="Tenge output",
                         targets=("7.2",), budget=Decimal("900000"), currency="KZT",
                         parent_id=parent.id)  # fmt: skip
    return parent, same, other


def test_a_search_for_a_component_finds_its_project_and_says_why(session):
    make_family(session)
    page = search_projects(session, RegisterFilters(q="solar output"))
    assert [row.project.code for row in page.rows] == ["KZ-PARENT-1"]
    assert page.rows[0].matched == ("KZ-PARENT-1-OUT1",)
    itself = search_projects(session, RegisterFilters(q="KZ-PARENT-1"))
    assert [row.matched for row in itself.rows] == [()]  # found by its own code: no note
    found = search_projects(session, RegisterFilters(q="OUT2"))
    assert [(row.project.code, row.matched) for row in found.rows] == [
        ("KZ-PARENT-1", ("KZ-PARENT-1-OUT2",))
    ]


def test_dashboards_count_the_project_once_and_its_links_only(session):
    counts = _goal_bars(session, "projects")
    headline = dashboards.overview(session, RegisterFilters()).headline
    make_family(session)
    now = _goal_bars(session, "projects")
    assert now["13"] == counts["13"] + 1
    assert now["7"] == counts["7"]  # the components' own goal does not count the project
    assert dashboards.overview(session, RegisterFilters()).headline.projects == (
        headline.projects + 1
    )


def test_a_components_budget_counts_in_its_projects_figures(session):
    before = _goal_bars(session, "budget", "USD")
    headline = dashboards.overview(session, RegisterFilters(currency="USD"), "budget").headline
    make_family(session)
    after = _goal_bars(session, "budget", "USD")
    # 100,000 of its own and 50,000 of its USD component, all on the project's goal 13;
    # the component in tenge is never added to dollars.
    assert after["13"] - before["13"] == Decimal("150000.00")
    assert after["7"] == before["7"]
    now = dashboards.overview(session, RegisterFilters(currency="USD"), "budget").headline
    assert now.budget_by_currency["USD"] - headline.budget_by_currency["USD"] == 150000
    assert now.budget_by_currency.get("KZT", 0) == headline.budget_by_currency.get("KZT", 0)
    statuses = {bar.key: bar.value for bar in dashboards.status_chart(
        session, RegisterFilters(), "budget", "USD").bars}  # fmt: skip
    assert statuses["2"] == now.by_status[1].budget


def test_every_goal_bar_with_components_counts_what_its_register_lists(session):
    make_family(session)
    for mode, currency in (("projects", None), ("budget", "USD")):
        chart = dashboards.goal_chart(session, RegisterFilters(), mode, currency)
        for bar in chart.bars:
            if not bar.drill:
                continue
            filters, problems = RegisterFilters.from_args(dict(bar.drill))
            assert not problems
            listed = search_projects(session, filters)
            if mode == "projects":
                assert listed.total == bar.value, bar.key
            else:
                codes = set(session.scalars(filtered_select(filters, Project.code)))
                assert ("KZ-PARENT-1" in codes) == (bar.key == "13"), bar.key


def test_the_export_follows_the_registers_order_with_components_after_their_project(session):
    parent, same, other = make_family(session)
    second = make_project(session, code="KZ-PARENT-0", title="Another programme")
    make_project(session, code="KZ-PARENT-0-A", title="Its output", parent_id=second.id)
    for direction, expected in (
        ("asc", ["KZ-PARENT-0", "KZ-PARENT-0-A", "KZ-PARENT-1", same.code, other.code]),
        ("desc", ["KZ-PARENT-1", same.code, other.code, "KZ-PARENT-0", "KZ-PARENT-0-A"]),
    ):
        filters = RegisterFilters(q="KZ-PARENT", sort="code", direction=direction)
        records = list(export_records(session, filters))
        assert [record.code for record in records] == expected
        parents = {record.code: record.parent_code for record in records}
        assert parents[other.code] == "KZ-PARENT-1" and parents["KZ-PARENT-1"] == ""


def test_an_iati_file_with_outputs_counts_one_project_with_all_their_money(make_app):
    """The IATI import links outputs to their project; the portfolio then counts the project
    once, with its outputs' budgets, and the API reads the outputs' money."""
    app = make_app("reference")
    with app.app_context():
        session = db.session
        imported(session, built_file(), chosen={"xm-test-fund"})
        page = search_projects(session, RegisterFilters())
        assert [(row.project.code, row.components) for row in page.rows] == [("XM-TEST-PROJ", 2)]
        everything = session.scalars(select(Project)).all()
        assert len(everything) == 3
        headline = dashboards.overview(session, RegisterFilters(), "budget").headline
        assert headline.projects == 1
        assert sum(p.budget for p in everything if p.parent_id) > 0
        assert headline.budget_by_currency["USD"] == sum(p.budget for p in everything)
        output = session.scalars(select(Project).where(Project.code == "XM-TEST-OUT-A")).one()
        money = api_reads.project_money(session, output.id)
        assert len(money.transactions) == 7 and len(money.budgets) == 3
        assert api_reads.project_family(session, output).parent == "XM-TEST-PROJ"
