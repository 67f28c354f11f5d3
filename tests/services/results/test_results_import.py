"""Importing actuals from the results CSV: each rule named on its row and column in the
forms' words, nothing stored while any row has a problem, one revision per project, and a
file exported, edited and imported back reads the same from the database and a new export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.factories import add_indicator, make_project
from tracker.formats.csv_results import COLUMNS, ResultsCsv, read_results_csv
from tracker.models import ProjectRevision, User
from tracker.models.results import IndicatorPeriod, PeriodBreakdown, ResultIndicator, ResultNode
from tracker.services.register.filters import RegisterFilters
from tracker.services.results.results_export import results_rows
from tracker.services.results.results_import import (
    ResultsImportRefused,
    apply_results_import,
    plan_results_import,
)

D = Decimal
HEADER = "project_code,indicator_id,period_start,period_end,actual_value,actual_comment\n"


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


@pytest.fixture
def project(session):
    """A project running 2024-02-01 to 2027-12-31."""
    return make_project(session)


@pytest.fixture
def indicator(session, project) -> ResultIndicator:
    """People reached: baseline 10 (2023), 2025 target 50, actual 30; 2026 target 80."""
    return add_indicator(session, project, periods=((2025, "50", "30"), (2026, "80", None)))


def plan_of(session, text: str):
    return plan_results_import(session, *read_results_csv(text.encode()))


def periods(session, indicator_id: int) -> list[tuple]:
    session.expire_all()
    rows = session.scalars(select(IndicatorPeriod).where(IndicatorPeriod.indicator_id
                                                         == indicator_id)
                           .order_by(IndicatorPeriod.period_start))  # fmt: skip
    return [(p.period_start, p.period_end, p.target_value, p.target_comment, p.actual_value,
             p.actual_comment) for p in rows]  # fmt: skip


def revisions_of(session, project) -> int:
    return session.scalar(select(func.count()).select_from(ProjectRevision)
                          .where(ProjectRevision.project_id == project.id))  # fmt: skip


def messages(plan) -> list[tuple[str, str, str]]:
    return [(p.where, p.column, p.message) for p in plan.errors]


def test_an_actual_is_set_and_the_preview_says_before_and_after(
    session, project, indicator, analyst
):
    plan = plan_of(session, HEADER + f"{project.code},{indicator.id},2025-01-01,2025-12-31,"
                                     "42,household survey\n")  # fmt: skip
    assert not plan.problems
    (planned,) = plan.changed
    (change,) = planned.changes
    assert (change.line, change.period, change.what) == (2, "2025", "actual")
    assert (change.before, change.after) == ("30", "42 (household survey)")
    revisions = revisions_of(session, project)
    apply_results_import(session, plan, analyst)
    session.flush()
    assert periods(session, indicator.id)[0][4:] == (D(42), "household survey")
    # One revision for the project, whose change log names the period's actual.
    assert revisions_of(session, project) > revisions
    latest = session.scalars(
        select(ProjectRevision)
        .where(ProjectRevision.project_id == project.id)
        .order_by(ProjectRevision.version.desc())
    ).first()
    assert latest.changed_by_id == analyst.id
    assert any(key.endswith("/2025/actual") and value == "42 (household survey)"
               for key, value in latest.snapshot.items())  # fmt: skip


def test_one_revision_per_project_however_many_rows(session, project, indicator, analyst):
    other = add_indicator(session, project, periods=((2025, "5", None),))
    version = project.version
    count = revisions_of(session, project)
    plan = plan_of(session, HEADER
                   + f"{project.code},{indicator.id},2025-01-01,2025-12-31,31,\n"
                   + f"{project.code},{indicator.id},2026-01-01,2026-12-31,60,\n"
                   + f"{project.code},{other.id},2025-01-01,2025-12-31,4,\n")  # fmt: skip
    assert plan.change_count == 3 and len(plan.changed) == 1
    apply_results_import(session, plan, analyst)
    session.flush()
    assert project.version == version + 1
    assert revisions_of(session, project) - count <= 2  # the baseline kept, and this one


def test_a_new_period_inside_the_project_is_added(session, project, indicator, analyst):
    plan = plan_of(session, HEADER + f"{project.code},{indicator.id},2027-01-01,2027-06-30,"
                                     "70,\n")  # fmt: skip
    (change,) = plan.changed[0].changes
    assert change.new_period and change.period == "2027-01-01–2027-06-30"
    apply_results_import(session, plan, analyst)
    session.flush()
    assert periods(session, indicator.id)[-1] == (date(2027, 1, 1), date(2027, 6, 30), None,
                                                  "", D(70), "")  # fmt: skip


def test_the_target_changes_only_when_the_file_has_its_columns(
    session, project, indicator, analyst
):
    text = ("project_code,indicator_id,period_start,period_end,target_value,actual_value\n"
            f"{project.code},{indicator.id},2025-01-01,2025-12-31,55,30\n")  # fmt: skip
    plan = plan_of(session, text)
    assert [(c.what, c.before, c.after) for c in plan.changed[0].changes] == [
        ("target", "50", "55")]  # fmt: skip
    apply_results_import(session, plan, analyst)
    assert periods(session, indicator.id)[0][2:5] == (D(55), "", D(30))


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("{code},999999,2025-01-01,2025-12-31,1,", "indicator_id", "No indicator has the number"),
        ("OTHER-1,{id},2025-01-01,2025-12-31,1,", "project_code", "belongs to"),
        ("{code},{id},2023-01-01,2023-12-31,1,", "period_start",
         "The period starts before the project (2024-02-01)."),
        ("{code},{id},2028-01-01,2028-12-31,1,", "period_end",
         "The period ends after the project (2027-12-31)."),
        ("{code},{id},2026-12-31,2026-01-01,1,", "period_end", "The period ends before it starts."),
        ("{code},{id},2025-01-01,2025-12-31,many,", "actual_value", "“many” is not a number"),
        ("{code},{id},2025-01-01,2025-12-31,1.23456,", "actual_value", "At most 4 digits"),
        ("{code},{id},2025-13-01,2025-12-31,1,", "period_start", "must be a date as YYYY-MM-DD"),
        ("{code},{id},12/31/2025,2025-12-31,1,", "period_start", "must be a date as YYYY-MM-DD"),
        ("{code},x1,2025-01-01,2025-12-31,1,", "indicator_id", "the indicator's number"),
    ],
)  # fmt: skip
def test_each_problem_is_named_on_its_row_and_column_and_nothing_is_stored(
    session, project, indicator, analyst, row, column, words
):
    before = periods(session, indicator.id)
    good = f"{project.code},{indicator.id},2026-01-01,2026-12-31,61,\n"
    plan = plan_of(session, HEADER + good + row.format(code=project.code, id=indicator.id) + "\n")
    ((where, named, message),) = messages(plan)
    assert (where, named) == ("line 3", column)
    assert words in message
    with pytest.raises(ResultsImportRefused):
        apply_results_import(session, plan, analyst)
    assert periods(session, indicator.id) == before


def test_a_qualitative_indicator_wants_words_in_the_comment(session, project, analyst):
    qualitative = add_indicator(session, project, measure=5, baseline_value=None,
                                periods=((2025, None, None),))  # fmt: skip
    words = "A qualitative indicator is described in words: write it as a comment."
    plan = plan_of(session, HEADER + f"{project.code},{qualitative.id},2025-01-01,2025-12-31,"
                                     "good,\n")  # fmt: skip
    assert messages(plan) == [("line 2", "actual_value", words)]
    plan = plan_of(session, HEADER + f"{project.code},{qualitative.id},2025-01-01,2025-12-31,,"
                                     "Law adopted\n")  # fmt: skip
    assert not plan.problems
    apply_results_import(session, plan, analyst)
    assert periods(session, qualitative.id)[0][4:] == (None, "Law adopted")


def test_a_period_twice_in_the_file_is_a_problem(session, project, indicator):
    row = f"{project.code},{indicator.id},2025-01-01,2025-12-31,31,\n"
    plan = plan_of(session, HEADER + row + row.replace(",31,", ",32,"))
    assert messages(plan) == [("line 3", "period_start", f"Indicator {indicator.id} has this "
                               "period on line 2 already; keep one row per indicator and "
                               "period.")]  # fmt: skip


def test_breakdown_rows_are_left_as_they_are_with_a_warning_when_changed(
    session, project, indicator
):
    period = indicator.periods[0]
    period.breakdowns.append(PeriodBreakdown(kind="actual", dimension="sex", category="female",
                                             value=D(12)))  # fmt: skip
    session.flush()
    header = "project_code,indicator_id,period_start,period_end,dimension,category,actual_value\n"
    same = f"{project.code},{indicator.id},2025-01-01,2025-12-31,sex,female,12\n"
    assert not plan_of(session, header + same).problems
    assert not plan_of(session, header + same.replace(",12", ',"12,0"')).problems
    plan = plan_of(session, header + same.replace(",12", ",14"))
    assert not plan.has_errors and not plan.changed
    assert [(w.where, w.column) for w in plan.warnings] == [("line 2", "dimension")]


def test_a_chain_indicator_may_be_in_the_file_but_not_changed(session, analyst):
    node = session.scalars(select(ResultNode)).first()
    if node is None:
        node = ResultNode(code="P1", level="priority", title_en="Priority 1")
    chain = ResultIndicator(node=node, title_en="Chain indicator", measure=1,
                            periods=[IndicatorPeriod(period_start=date(2025, 1, 1),
                                                     period_end=date(2025, 12, 31),
                                                     actual_value=D(5))])  # fmt: skip
    session.add(chain)
    session.flush()
    row = f"{node.code},{chain.id},2025-01-01,2025-12-31,5,\n"
    assert not plan_of(session, HEADER + row).problems
    plan = plan_of(session, HEADER + row.replace(",5,", ",6,"))
    ((_where, column, message),) = messages(plan)
    assert column == "actual_value" and "results chain" in message


def test_a_project_changed_since_the_preview_refuses_the_plan(session, project, indicator, analyst):
    plan = plan_of(session, HEADER + f"{project.code},{indicator.id},2025-01-01,2025-12-31,"
                                     "31,\n")  # fmt: skip
    project.title = "Renamed by someone else"
    project.version += 1
    session.flush()
    with pytest.raises(ResultsImportRefused, match="changed by someone else"):
        apply_results_import(session, plan, analyst)


def export_text(session) -> str:
    writer = ResultsCsv(bom=False)
    return b"".join(writer.stream(results_rows(session, RegisterFilters()))).decode()


def test_the_export_edited_imports_back_and_a_new_export_reads_the_same(
    session, project, indicator, analyst
):
    indicator.periods[0].breakdowns.append(
        PeriodBreakdown(kind="target", dimension="sex", category="female", value=D(25))
    )
    negative = add_indicator(session, project, ascending=False, title_en="=cost per pupil",
                             baseline_value=D(-3), periods=((2025, "-10", "-4.5"),))  # fmt: skip
    session.flush()
    rows = list(csv.DictReader(io.StringIO(export_text(session))))
    assert tuple(rows[0]) == COLUMNS
    ours = [row for row in rows if row["project_code"] == project.code]
    assert [(r["indicator_id"], r["period_start"], r["dimension"], r["actual_value"])
            for r in ours] == [
        (str(indicator.id), "2025-01-01", "", "30"),
        (str(indicator.id), "2025-01-01", "sex", ""),
        (str(indicator.id), "2026-01-01", "", ""),
        (str(negative.id), "2025-01-01", "", "'-4.5"),
    ]  # fmt: skip
    assert ours[1]["category"] == "female" and ours[1]["target_value"] == "25"
    assert ours[3]["indicator_title"] == "'=cost per pupil"  # no formula for Excel
    assert {r["progress_status"] for r in ours[:3]} == {"limited"}
    assert ours[0]["is_illustrative"] == "no"
    # Edit two actuals in the exported file and import the whole of it back.
    ours[2]["actual_value"], ours[2]["actual_comment"] = "75", "annual report"
    ours[3]["actual_value"] = "'-6.25"
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    plan = plan_results_import(session, *read_results_csv(out.getvalue().encode("utf-8-sig")))
    assert not plan.problems
    assert [(c.indicator_id, c.what, c.after) for c in plan.changed[0].changes] == [
        (indicator.id, "actual", "75 (annual report)"),
        (negative.id, "actual", "-6.25"),
    ]
    apply_results_import(session, plan, analyst)
    session.flush()
    assert periods(session, indicator.id)[1][4:] == (D(75), "annual report")
    assert periods(session, negative.id)[0][4] == D("-6.25")
    again = list(csv.DictReader(io.StringIO(export_text(session))))
    assert [row for row in again if row["project_code"] == project.code] == ours
    # And the new export imports back changing nothing.
    plan = plan_results_import(session, *read_results_csv(export_text(session).encode()))
    assert not plan.problems and not plan.changed


def test_a_number_the_database_would_not_keep_exactly_is_refused(
    session, project, indicator, analyst
):
    """SQLite keeps numbers as floating point: 1100000000000.1 would come back as
    1100000000000.1001, so there the import refuses it; PostgreSQL keeps it exactly."""
    plan = plan_of(session, HEADER + f"{project.code},{indicator.id},2025-01-01,2025-12-31,"
                                     "1100000000000.1,\n")  # fmt: skip
    if session.get_bind().dialect.name == "sqlite":
        assert messages(plan) == [("line 2", "actual_value", "The number is too large.")]
        return
    assert not plan.problems
    apply_results_import(session, plan, analyst)
    assert periods(session, indicator.id)[0][4] == D("1100000000000.1")


def test_the_chains_indicators_follow_an_unfiltered_export_labelled_as_their_node(
    session, project, indicator
):
    node = ResultNode(code="ZZ-P9", level="priority", title_en="Invented priority",
                      illustrative=True)  # fmt: skip
    chain = ResultIndicator(node=node, title_en="Chain indicator", measure=5,
                            reference_vocabulary="9", reference_code="16.6.2",
                            periods=[IndicatorPeriod(period_start=date(2025, 1, 1),
                                                     period_end=date(2025, 12, 31),
                                                     actual_comment="Done")])  # fmt: skip
    session.add(chain)
    session.flush()
    rows = list(csv.DictReader(io.StringIO(export_text(session))))
    (row,) = [r for r in rows if r["indicator_id"] == str(chain.id)]
    assert rows[-1] == row or rows[-1]["owner_kind"] == "chain"
    assert (row["project_code"], row["owner_kind"], row["result_type"], row["measure"]) == (
        "ZZ-P9", "chain", "priority", "qualitative")  # fmt: skip
    assert (row["sdg_indicator"], row["actual_comment"], row["progress_status"]) == (
        "16.6.2", "Done", "")  # fmt: skip
    assert row["is_illustrative"] == "yes"
    filtered = ResultsCsv(bom=False)
    text = b"".join(filtered.stream(results_rows(session, RegisterFilters(q=project.code))))
    assert [r["owner_kind"] for r in csv.DictReader(io.StringIO(text.decode()))] == ["project"] * 2


def test_minus_zero_is_previewed_as_the_zero_the_database_keeps(
    session, project, indicator, analyst
):
    plan = plan_of(session, HEADER + f"{project.code},{indicator.id},2025-01-01,2025-12-31,"
                                     "-0,\n")  # fmt: skip
    (change,) = plan.changed[0].changes
    assert change.after == "0"
    apply_results_import(session, plan, analyst)
    assert str(periods(session, indicator.id)[0][4].normalize()) == "0"
