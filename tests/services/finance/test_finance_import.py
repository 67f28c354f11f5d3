"""Importing annual figures from the finance CSV: the years the file mentions replace the
project's rows of those years, every row problem is named, and nothing is kept unless all of
the file is right."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.factories import make_project
from tracker.formats.csv_finance import FinanceCsv, read_finance_csv
from tracker.models import AnnualFigure, Organisation, Project, ProjectRevision, User
from tracker.services.finance.annual import AnnualEntry, replace_annual_figures
from tracker.services.finance.finance_export import finance_rows
from tracker.services.finance.finance_import import (
    FinanceImportRefused,
    apply_finance_import,
    plan_finance_import,
)
from tracker.services.register.filters import RegisterFilters

D = Decimal
HEADER = "project_code,year,measure,amount,currency,funder,funder_iati_ref,correction,note\n"


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


@pytest.fixture
def funder(session) -> Organisation:
    return session.scalars(
        select(Organisation).where(Organisation.iati_ref.is_not(None)).order_by(Organisation.id)
    ).first()


def plan_of(session, text: str):
    entries, problems = read_finance_csv(text.encode())
    return plan_finance_import(session, entries, problems)


def figures(session, project) -> set[tuple]:
    session.expire_all()
    rows = session.scalars(select(AnnualFigure).where(AnnualFigure.project_id == project.id))
    return {(f.year, f.measure, D(f.amount), f.currency, f.funder_id, f.correction, f.note)
            for f in rows}  # fmt: skip


@pytest.fixture
def project(session, analyst):
    """A project with figures for 2024 and 2025 (2024-2027, USD)."""
    made = make_project(session)
    replace_annual_figures(session, made, [
        AnnualEntry(2024, "required", D("100")), AnnualEntry(2024, "spent", D("40")),
        AnnualEntry(2025, "required", D("200")), AnnualEntry(2025, "spent", D("10")),
    ], editor=analyst, expected_version=made.version)  # fmt: skip
    session.flush()
    return made


def test_the_files_years_replace_the_projects_rows_of_those_years_only(
    session, project, analyst, funder
):
    text = (HEADER
            + f"{project.code},2025,required,250,USD,,,,\n"
            + f"{project.code},2025,available,300,,{funder.acronym},,,\n"
            + f"{project.code},2026,spent,5,,,,,\n")  # fmt: skip
    plan = plan_of(session, text)
    assert plan.errors == []
    # Available (300) exceeds required (250) in 2025: said, and it does not block.
    assert [(p.where, p.code) for p in plan.warnings] == [("line 2", project.code)]
    assert plan.years == [2025, 2026]
    (planned,) = plan.changed
    assert [(c.year, c.measure, c.funder, c.before, c.after) for c in planned.changes] == [
        (2025, "required", "", D("200"), D("250")),
        (2025, "available", funder.acronym, None, D("300")),
        (2025, "spent", "", D("10"), None),  # 2025 is in the file, its spent row is not
        (2026, "spent", "", None, D("5")),
    ]
    version = project.version
    result = apply_finance_import(session, plan, analyst)
    assert (result.projects, result.figures) == (1, 4)
    assert figures(session, project) == {
        (2024, "required", D("100"), "USD", None, False, ""),
        (2024, "spent", D("40"), "USD", None, False, ""),
        (2025, "required", D("250"), "USD", None, False, ""),
        (2025, "available", D("300"), "USD", funder.id, False, ""),
        (2026, "spent", D("5"), "USD", None, False, ""),
    }
    session.refresh(project)
    assert project.budget == D("350")  # the budget follows the required rows
    assert project.version == version + 1
    revision = session.scalars(select(ProjectRevision).where(
        ProjectRevision.project_id == project.id, ProjectRevision.version == project.version
    )).one()  # fmt: skip
    assert revision.changed_by == analyst.label


def test_the_whole_portfolios_export_imports_back_unchanged(session, analyst):
    """Export -> import of every seeded figure: no error, nothing to change, and applying
    the plan anyway records no new version."""
    writer = FinanceCsv()
    data = b"".join(writer.stream(finance_rows(session, RegisterFilters())))
    count = session.scalar(select(func.count()).select_from(AnnualFigure))
    assert writer.rows == count > 100
    plan = plan_of(session, data.decode("utf-8-sig"))
    assert plan.errors == [] and plan.changed == []
    assert len(plan.projects) == writer.projects
    versions = dict(session.execute(select(Project.id, Project.version)).all())
    assert apply_finance_import(session, plan, analyst).projects == 0
    assert dict(session.execute(select(Project.id, Project.version)).all()) == versions


def test_a_file_as_the_project_already_is_changes_nothing(session, project):
    text = (
        HEADER + f"{project.code},2024,required,100.00,USD,,,,\n{project.code},2024,spent,40,,,,,\n"
    )
    plan = plan_of(session, text)
    assert plan.problems == [] and plan.changed == [] and len(plan.projects) == 1


def test_every_row_problem_is_named_and_nothing_is_stored(session, project, analyst, funder):
    other = make_project(session, currency="EUR")
    before = figures(session, project)
    text = (HEADER
            + "NO-SUCH-CODE,2025,spent,1,,,,,\n"                              # line 2
            + f"{project.code},2025,spent,1,,NOBODY,,,\n"                     # 3 unknown funder
            + f"{project.code},2025,spent,1,,,XX-NOTHING,,\n"                 # 4 unknown ref
            + f"{project.code},2025,spent,1,,{funder.acronym},,,\n"           # 5 funder on spent
            + f"{other.code},2025,spent,1,USD,,,,\n"                          # 6 other currency
            + f"{project.code},2025,committed,-1,,,,,\n"                      # 7 negative
            + f"{project.code},2031,required,1,,,,,\n"                        # 8 outside the years
            + f"{project.code},2025,disbursed,1,,,,,\n"                       # 9
            + f"{project.code},2025,disbursed,2,,,,,\n"                       # 10 twice
            + f"{project.code},2025,spent,-3,,,,yes,\n"                       # 11 correction, why?
            + f"{project.code},2024,required,5,,,,yes,typo\n"                 # 12 fine
            + f"{project.code},2024,spent,0.001,,,,,\n")  # fmt: skip  # 13 below a cent
    plan = plan_of(session, text)
    assert [(p.where, p.column) for p in plan.errors] == [
        ("line 2", "project_code"), ("line 3", "funder"), ("line 4", "funder_iati_ref"),
        ("line 5", "funder"), ("line 6", "currency"), ("line 7", "amount"), ("line 8", "year"),
        ("line 10", "measure"), ("line 11", "note"), ("line 13", "amount"),
    ]  # fmt: skip
    messages = {p.where: p.message for p in plan.errors}
    assert "No project has the code NO-SUCH-CODE" in messages["line 2"]
    assert "keeps its figures in EUR, its currency; this row is in USD" in messages["line 6"]
    assert "2031 is outside the project's years (2024 to 2027)" in messages["line 8"]
    assert "entered twice" in messages["line 10"]
    with pytest.raises(FinanceImportRefused):
        apply_finance_import(session, plan, analyst)
    assert figures(session, project) == before


def test_the_funder_may_be_named_by_its_iati_identifier(session, project, funder):
    text = (
        HEADER
        + f"{project.code},2025,available,5,,,{funder.iati_ref.lower()},,\n"
        + f"{project.code},2025,available,6,,{funder.acronym},{funder.iati_ref},,\n"
    )
    plan = plan_of(session, text)
    # Both rows name the same funder: the second is the first one again.
    assert [(p.where, p.column) for p in plan.errors] == [("line 3", "measure")]


def test_a_project_changed_since_the_plan_is_refused_whole(session, project, analyst):
    plan = plan_of(session, HEADER + f"{project.code},2024,spent,41,,,,,\n")
    replace_annual_figures(session, project, [AnnualEntry(2024, "spent", D("42"))],
                           editor=analyst, expected_version=project.version)  # fmt: skip
    with pytest.raises(FinanceImportRefused, match="changed by someone else"):
        apply_finance_import(session, plan, analyst)


def test_the_fingerprint_tells_plans_apart(session, project, analyst):
    text = HEADER + f"{project.code},2024,spent,41,,,,,\n"
    first, again = plan_of(session, text), plan_of(session, text)
    assert first.fingerprint() == again.fingerprint()
    replace_annual_figures(session, project, [AnnualEntry(2024, "spent", D("42"))],
                           editor=analyst, expected_version=project.version)  # fmt: skip
    assert plan_of(session, text).fingerprint() != first.fingerprint()


def test_a_fiscal_year_start_month_moves_the_projects_years(session, analyst):
    project = make_project(session, planned_start=date(2024, 3, 1), actual_start=None,
                           planned_end=date(2025, 6, 30))  # fmt: skip
    entries, problems = read_finance_csv((HEADER + f"{project.code},2023,spent,1,,,,,\n").encode())
    assert plan_finance_import(session, entries, problems).has_errors
    assert not plan_finance_import(session, entries, problems, start_month=7).has_errors


def test_a_nul_character_in_a_code_is_a_problem_not_a_database_error(session):
    """PostgreSQL refuses NUL in any text it is sent, also in a query's parameter."""
    plan = plan_of(session, HEADER + "A\0B,2025,spent,1,,,,,\n")
    assert [(p.where, p.column) for p in plan.errors] == [("line 2", "project_code")]
    assert "NUL" in plan.errors[0].message


def test_codes_match_ignoring_case_in_any_script(session):
    project = make_project(session, code="ЖОБА-Ω-1")
    plan = plan_of(session, HEADER + "жоба-ω-1,2025,spent,1,,,,,\n")
    assert plan.errors == [] and [p.project_id for p in plan.projects] == [project.id]
