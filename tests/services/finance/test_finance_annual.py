"""A project's annual figures: the rules, the budget that follows them, the change log."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_project
from tracker.models import AnnualFigure, Organisation, User
from tracker.services.finance.annual import (
    AnnualEntry,
    AnnualInvalid,
    annual_entries,
    check_annual_entries,
    project_years,
    replace_annual_figures,
)
from tracker.services.portfolio import revisions

D = Decimal


@pytest.fixture
def analyst(session):
    return session.scalars(select(User).where(User.username == "analyst")).one()


@pytest.fixture
def funders(session):
    return session.scalars(select(Organisation).order_by(Organisation.id).limit(2)).all()


def entry(year=2025, measure="required", amount="1000", **more) -> AnnualEntry:
    return AnnualEntry(year, measure, D(amount), **more)


def errors(problems):
    return [(p.row, p.field) for p in problems if not p.warning]


def test_project_years_span_planned_and_actual_dates(session):
    project = make_project(session, planned_start=date(2024, 1, 1), planned_end=date(2026, 6, 30),
                           actual_start=date(2023, 11, 1))  # fmt: skip
    assert project_years(project) == (2023, 2026)
    # A fiscal year starting in July: 2026-06-30 falls in fiscal year 2025.
    assert project_years(project, start_month=7) == (2023, 2025)
    undated = make_project(session, planned_start=None, planned_end=None, actual_start=None)
    assert project_years(undated) is None


def test_check_accepts_a_plain_breakdown(session, funders):
    project = make_project(session)
    entries = [
        entry(2024),
        entry(2025),
        entry(2024, "available", "600", funder_id=funders[0].id),
        entry(2024, "available", "300", funder_id=funders[1].id),
        entry(2024, "spent", "0"),
    ]
    assert check_annual_entries(project, entries) == []


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (entry(amount="-5"), "amount", "cannot be negative"),
        (entry(amount="-5", correction=True), "note", "Say why"),
        (entry(2031), "year", "outside the project's years (2024 to 2027)"),
        (entry(1800), "year", "not a year"),
        (entry(measure="spent", funder_id=1), "funder_id", "Only available money has a funder"),
        (entry(measure="pledged"), "measure", "Choose what the amount is"),
        (entry(note="x" * 301), "note", "under 300 characters"),
        (entry(amount="0.001"), "amount", "to the cent"),
    ],
)
def test_check_names_the_field_at_fault(session, bad, field, words):
    project = make_project(session)
    problems = check_annual_entries(project, [entry(2026), bad])
    assert errors(problems) == [(1, field)]
    assert words in problems[0].message


def test_a_correction_with_a_reason_may_be_negative(session):
    project = make_project(session)
    fixed = entry(measure="spent", amount="-50", correction=True, note="Refund from supplier")
    assert check_annual_entries(project, [entry(), fixed]) == []


def test_duplicates_are_refused_but_funders_distinguish_rows(session, funders):
    project = make_project(session)
    one, two = funders[0].id, funders[1].id
    assert errors(check_annual_entries(project, [entry(), entry(amount="5")])) == [(1, "measure")]
    distinct = [entry(measure="available", funder_id=one),
                entry(measure="available", funder_id=two), entry(measure="available")]  # fmt: skip
    assert errors(check_annual_entries(project, distinct)) == []
    same = [entry(measure="available", funder_id=one), entry(measure="available", funder_id=one)]
    assert errors(check_annual_entries(project, same)) == [(1, "measure")]


def test_a_project_without_dates_accepts_any_plausible_year(session):
    project = make_project(session, planned_start=None, planned_end=None, actual_start=None)
    assert check_annual_entries(project, [entry(1990), entry(2100)]) == []


def test_available_beyond_required_is_a_warning_not_an_error(session, funders):
    project = make_project(session)
    entries = [entry(2025, "required", "100"),
               entry(2025, "available", "80", funder_id=funders[0].id),
               entry(2025, "available", "30")]  # fmt: skip
    problems = check_annual_entries(project, entries)
    assert [p.warning for p in problems] == [True]
    assert "Available exceeds required in 2025" in problems[0].message


def test_replace_sets_rows_and_the_budget_follows_the_required_years(session, analyst, funders):
    project = make_project(session, budget=D("999"))
    entries = [entry(2024, "required", "1200.50"), entry(2025, "required", "800"),
               entry(2024, "available", "1000", funder_id=funders[0].id),
               entry(2025, "spent", "10000")]  # fmt: skip
    replace_annual_figures(session, project, entries, editor=analyst, expected_version=1)
    stored = session.scalars(select(AnnualFigure).where(AnnualFigure.project_id == project.id))
    rows = {(f.year, f.measure, f.funder_id): (f.amount, f.currency) for f in stored}
    assert rows[(2024, "available", funders[0].id)] == (D("1000"), "USD")
    # The budget, computed from the rows as stored (not from the entries).
    required = [amount for (y, m, f), (amount, c) in rows.items() if m == "required"]
    assert project.budget == sum(required) == D("2000.50")
    assert project.version == 2 and project.updated_by_id == analyst.id


def test_a_project_without_required_rows_keeps_its_single_total(session, analyst):
    project = make_project(session, budget=D("5000"))
    replace_annual_figures(session, project, [entry(2025, "spent", "100")], editor=analyst,
                           expected_version=1)  # fmt: skip
    assert project.budget == D("5000")


def test_the_change_log_shows_each_changed_row(session, analyst):
    project = make_project(session)
    replace_annual_figures(session, project, [entry(2025, "spent", "10000"), entry(2024)],
                           editor=analyst, expected_version=1)  # fmt: skip
    replace_annual_figures(session, project, [entry(2025, "spent", "12000")], editor=analyst,
                           expected_version=2)  # fmt: skip
    latest, changes = revisions.change_log(project)[0]
    assert latest.changed_by == analyst.label and latest.version == 3
    found = {c.label: (c.before, c.after) for c in changes}
    assert found["Annual figures: 2025 spent"] == ("10000.00", "12000.00")
    assert found["Annual figures: 2024 required"] == ("1000.00", "")  # a row removed
    assert revisions.field_name("annual/2025/spent") == "Annual figures: 2025 spent"


def test_saving_the_same_rows_again_records_nothing(session, analyst):
    project = make_project(session)
    rows = [entry(2025, "spent", "10000")]
    replace_annual_figures(session, project, rows, editor=analyst, expected_version=1)
    replace_annual_figures(session, project, rows, editor=analyst, expected_version=2)
    assert project.version == 2 and annual_entries(project) == rows


def test_a_stale_save_is_refused_and_changes_nothing(session, analyst):
    project = make_project(session)
    replace_annual_figures(session, project, [entry(2025, "spent", "10")], editor=analyst,
                           expected_version=1)  # fmt: skip
    with pytest.raises(revisions.VersionConflict):
        replace_annual_figures(session, project, [entry(2025, "spent", "99")], editor=analyst,
                               expected_version=1)  # fmt: skip
    assert [f.amount for f in project.annual_figures] == [D("10")]


def test_invalid_entries_change_nothing(session, analyst):
    project = make_project(session)
    with pytest.raises(AnnualInvalid) as refused:
        replace_annual_figures(session, project, [entry(amount="-1")], editor=analyst,
                               expected_version=1)  # fmt: skip
    assert errors(refused.value.problems) == [(0, "amount")]
    assert project.annual_figures == [] and project.version == 1


def test_an_unknown_funder_is_refused(session, analyst):
    project = make_project(session)
    with pytest.raises(AnnualInvalid) as refused:
        replace_annual_figures(session, project, [entry(measure="available", funder_id=10**9)],
                               editor=analyst, expected_version=1)  # fmt: skip
    assert errors(refused.value.problems) == [(0, "funder_id")]


def test_required_corrections_cannot_make_the_budget_negative(session):
    project = make_project(session)
    rows = [entry(amount="10"), entry(2026, amount="-20", correction=True, note="Double entry")]
    problems = check_annual_entries(project, rows)
    assert errors(problems) == [(None, None)] and "less than zero" in problems[0].message


def test_a_project_edit_does_not_overwrite_a_budget_that_follows_the_years(session, analyst):
    from tracker.services.portfolio.edit_merge import project_data
    from tracker.services.portfolio.projects import ProjectInvalid, update_project

    project = make_project(session)
    replace_annual_figures(session, project, [entry(2024, amount="300"), entry(2025, amount="200")],
                           editor=analyst, expected_version=1)  # fmt: skip
    edited = project_data(project)
    edited.budget, edited.title = D("999999"), "Renamed"
    update_project(session, project, edited, analyst, expected_version=2, today=date(2026, 1, 1))
    assert project.title == "Renamed" and project.budget == D("500")
    # The rows are in the project's currency: changing it would relabel them unconverted.
    edited.currency = "EUR"
    with pytest.raises(ProjectInvalid) as refused:
        update_project(session, project, edited, analyst, expected_version=3,
                       today=date(2026, 1, 1))  # fmt: skip
    assert "annual figures are in USD" in refused.value.problems["currency"][0]


def test_corrections_and_notes_read_in_the_change_log(session, analyst):
    project = make_project(session)
    fixed = entry(measure="spent", amount="-50", correction=True, note="Refund")
    replace_annual_figures(session, project, [fixed], editor=analyst, expected_version=1)
    _revision, changes = revisions.change_log(project)[0]
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("annual/2025/spent", "", "-50.00 correction: Refund")
    ]


def test_the_form_offers_the_project_years_and_those_with_figures(session, analyst):
    from tracker.services.finance.annual import years_to_offer

    project = make_project(session, planned_start=date(2024, 3, 1), planned_end=date(2026, 2, 1),
                           actual_start=None)  # fmt: skip
    assert years_to_offer(project) == [2024, 2025, 2026]
    open_end = make_project(session, planned_start=None, planned_end=None,
                            actual_start=date(2025, 1, 1))  # fmt: skip
    assert years_to_offer(open_end) == [2025]
    only_end = make_project(session, planned_start=None, planned_end=date(2027, 6, 1),
                            actual_start=None)  # fmt: skip
    assert years_to_offer(only_end) == [2027]
    replace_annual_figures(session, only_end, [entry(2023)], editor=analyst, expected_version=1)
    assert years_to_offer(only_end) == [2023, 2024, 2025, 2026, 2027]
    assert years_to_offer(make_project(session, planned_start=None, planned_end=None,
                                       actual_start=None)) == []  # fmt: skip


def test_rows_in_another_currency_are_kept_apart_never_added(session, analyst):
    from tracker.services.finance.project_money import money_tables

    project = make_project(session, budget=D("777"))
    # As an IATI file may give them: an amount in EUR in a USD project.
    project.annual_figures.append(
        AnnualFigure(year=2025, measure="required", amount=D("400"), currency="EUR")
    )
    session.flush()
    replace_annual_figures(session, project, [entry(2024, amount="100")], editor=analyst,
                           expected_version=1)  # fmt: skip
    kept = {(f.year, f.currency): f.amount for f in project.annual_figures}
    assert kept == {(2024, "USD"): D("100"), (2025, "EUR"): D("400")}
    assert project.budget == D("777")  # required years in two currencies: no sum
    assert annual_entries(project) == [entry(2024, amount="100")]
    tables = money_tables(project)
    assert [(t.currency, t.totals["required"]) for t in tables] == [
        ("USD", D("100")), ("EUR", D("400")),
    ]  # fmt: skip
    with pytest.raises(AnnualInvalid) as refused:
        replace_annual_figures(session, project, [entry(2025, amount="1")], editor=analyst,
                               expected_version=2)  # fmt: skip
    assert "recorded in EUR" in refused.value.problems[0].message
    assert revisions.snapshot(project)["annual/2025/required"] == "EUR 400.00"


def test_follow_budgets_applies_the_rule_after_a_bulk_write(session):
    from sqlalchemy import insert

    from tracker.services.finance.annual import follow_budgets

    plain, mixed, without = (make_project(session, budget=D("5")) for _ in range(3))
    session.execute(insert(AnnualFigure), [
        {"project_id": plain.id, "year": 2024, "measure": "required", "amount": D("70"),
         "currency": "USD"},
        {"project_id": plain.id, "year": 2025, "measure": "required", "amount": D("30.5"),
         "currency": "USD"},
        {"project_id": mixed.id, "year": 2024, "measure": "required", "amount": D("70"),
         "currency": "EUR"},
        {"project_id": without.id, "year": 2024, "measure": "spent", "amount": D("70"),
         "currency": "USD"},
    ])  # fmt: skip
    follow_budgets(session, [plain.id, mixed.id, without.id])
    session.expire_all()
    assert [p.budget for p in (plain, mixed, without)] == [D("100.50"), D("5"), D("5")]
