"""Planning and applying imports: round trip, the form's rules and history, all or nothing."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tracker.formats.csv_import import read_projects_csv
from tracker.formats.csv_projects import ProjectCsv
from tracker.formats.records import ERROR, WARNING, ImportRecord
from tracker.models import Project, ProjectRevision, StatusChange, User
from tracker.services.exchange.exporting import export_records
from tracker.services.exchange.importing import RULES, ImportRefused, apply_import, plan_import
from tracker.services.portfolio.projects import load_project, update_project
from tracker.services.portfolio.revisions import snapshot
from tracker.services.register.filters import RegisterFilters

TODAY = date.today()  # the seed portfolio runs up to today


def exported(session) -> bytes:
    return b"".join(ProjectCsv().stream(export_records(session, RegisterFilters())))


def edited(data: bytes, edit) -> bytes:
    """The CSV with ``edit(rows)`` applied to its rows (dicts by column)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, reader.fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def counts(session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Project, ProjectRevision, StatusChange)
    )


def plan_of(session, data: bytes, **options):
    return plan_import(session, *read_projects_csv(data), today=TODAY, **options)


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def test_export_then_import_changes_nothing(session, analyst):
    before = counts(session)
    plan = plan_of(session, exported(session))
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 0, 235)
    assert plan.problems == []
    result = apply_import(session, plan, analyst, file_name="all.csv", today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 235)
    assert counts(session) == before  # no new version, no baseline, no history


def test_the_plans_comparison_reads_projects_as_the_change_log_does(session):
    """The plan's own state of a project must equal revisions.snapshot, or it would see
    changes that are not there (or miss real ones)."""
    from tracker.services.exchange.exporting import records_by_id
    from tracker.services.exchange.importing.reference import load_reference
    from tracker.services.exchange.importing.resolve import Resolver
    from tracker.services.results import results_log

    ids = session.scalars(select(Project.id).order_by(Project.id).limit(60)).all()
    resolver = Resolver(ImportRecord("x", "x"), load_reference(session), RULES["csv"], [], set())
    for project_id, record in records_by_id(session, ids):
        project = load_project(session, project_id)
        # Annual figures, results and markers are in a snapshot too, but no project CSV
        # carries them (the IATI plan compares results and markers on their own).
        fields = {
            k: v
            for k, v in snapshot(project).items()
            if not k.startswith("annual/") and not results_log.is_results(k)
        }
        assert resolver.state(resolver.current_data(record), record.status) == fields


def test_create_update_and_status_change_with_history(session, analyst):
    data = exported(session)
    active = session.scalars(select(Project).where(Project.status == 2).order_by(Project.id)).all()
    retitled, finishing = active[0], active[1]
    versions = (retitled.version, finishing.version)

    def edit(rows):
        by_code = {row["code"]: row for row in rows}
        by_code[retitled.code]["title"] = "A better title"
        by_code[finishing.code]["status"] = "3"
        rows.append({**rows[0], "code": "NEW-IMPORT-1", "title": "Imported project",
                     "status": "1", "actual_start": "", "actual_end": "", "is_illustrative": "no",
                     "source": ""})  # fmt: skip

    plan = plan_of(session, edited(data, edit))
    assert not plan.has_errors, plan.errors
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (1, 2, 233)
    assert plan.status_changes == 1
    changes = {p.code: [c.field for c in p.changes] for p in plan.updates}
    assert changes[retitled.code] == ["title"]
    assert "status" in changes[finishing.code]
    apply_import(session, plan, analyst, file_name="edited.csv", today=TODAY)
    session.flush()
    session.expire_all()

    new = session.scalars(select(Project).where(Project.code == "NEW-IMPORT-1")).one()
    assert (new.source, new.status, new.title) == ("import", 1, "Imported project")
    assert [(c.from_status, c.to_status, c.reason) for c in new.history] == [
        (None, 1, "Imported from edited.csv")
    ]
    assert retitled.title == "A better title" and retitled.version == versions[0] + 1
    assert retitled.revisions[-1].snapshot["title"] == "A better title"
    assert retitled.revisions[-1].changed_by == analyst.label
    last = finishing.history[-1]
    assert (last.from_status, last.to_status, last.reason, last.changed_by_id) == (
        2, 3, "Imported from edited.csv", analyst.id
    )  # fmt: skip
    assert finishing.status == 3 and finishing.version > versions[1]
    # Importing the same file again finds nothing to do.
    again = plan_of(session, exported(session))
    assert (len(again.creates), len(again.updates), len(again.unchanged)) == (0, 0, 236)


def test_a_transition_the_rules_refuse_is_an_error_and_nothing_is_written(session, analyst):
    closed = session.scalars(select(Project).where(Project.status == 4).limit(1)).one()

    def edit(rows):
        next(row for row in rows if row["code"] == closed.code)["status"] = "2"

    before = counts(session)
    plan = plan_of(session, edited(exported(session), edit))
    (problem,) = plan.errors
    assert (problem.column, problem.code) == ("status", closed.code)
    assert "cannot move to 2 Implementation; allowed: none" in problem.message
    assert problem.where.startswith("line ")
    with pytest.raises(ImportRefused):
        apply_import(session, plan, analyst, today=TODAY)
    assert counts(session) == before


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("sdg_targets", "3.8; 18.1", "Unknown SDG targets: 18.1"),
        ("sectors", "99999", "Unknown sectors: 99999"),
        ("places", "KZ-99", "Unknown places: KZ-99"),
        ("implementing_organisations", "NOPE", "Unknown organisation NOPE"),
        ("strategic_documents", "NOPE-2099", "Unknown strategic document NOPE-2099"),
        ("currency", "XYZ", "XYZ is not an ISO 4217"),
        ("sdg_targets", "", "at least one SDG target"),
        ("sdg_targets", "3.8 (60%); 3.9 (30%)", "add up to 90"),
        ("actual_start", "2099-01-01", "cannot be in the future"),
        ("budget", "-5", "cannot be negative"),
    ],
)
def test_unknown_codes_and_broken_rules_name_line_and_column(session, column, value, words):
    data = edited(exported(session), lambda rows: rows[4].update({column: value}))
    plan = plan_of(session, data)
    (problem,) = plan.errors
    assert (problem.where, problem.column) == ("line 6", column)
    assert words in problem.message
    assert plan.rejected == 1 and len(plan.unchanged) == 234


def test_a_record_that_leaves_fields_unsaid_keeps_them(session, analyst):
    project = session.scalars(select(Project).order_by(Project.id).limit(1)).one()
    before = snapshot(project)
    plan = plan_of(session, f"code,title\n{project.code},New title\n".encode())
    (planned,) = plan.updates
    assert [change.field for change in planned.changes] == ["title"]
    apply_import(session, plan, analyst, today=TODAY)
    session.flush()
    assert snapshot(project) == {**before, "title": "New title"}


def test_iati_rules_let_a_project_without_targets_in_with_a_warning(session, analyst):
    record = ImportRecord("iati-activity[1]", "XM-1", title="From IATI", status=2, targets=[],
                          actual_start=date(2025, 1, 1))  # fmt: skip
    assert plan_import(session, [record], today=TODAY).has_errors  # CSV rules: an error
    plan = plan_import(session, [record], rules=RULES["xml"], today=TODAY)
    assert not plan.has_errors
    assert [(p.severity, p.column) for p in plan.problems] == [(WARNING, "sdg_targets")]
    apply_import(session, plan, analyst, source="import", today=TODAY)
    assert session.scalars(select(Project).where(Project.code == "XM-1")).one().targets == []


def test_all_or_nothing_when_the_database_moved_on_after_planning(session, analyst):
    project = session.scalars(select(Project).where(Project.status == 2).limit(1)).one()

    def edit(rows):
        next(row for row in rows if row["code"] == project.code)["title"] = "Mine"
        rows.append({**rows[0], "code": "NEW-IMPORT-2"})

    plan = plan_of(session, edited(exported(session), edit))
    assert (len(plan.creates), len(plan.updates)) == (1, 1)
    other = load_project(session, project.id)
    form = plan.updates[0].data
    update_project(session, other, type(form)(**{**form.__dict__, "title": "Theirs"}), analyst,
                   expected_version=other.version, today=TODAY)  # fmt: skip
    session.commit()
    before = counts(session)
    with pytest.raises(ImportRefused, match="version"):
        apply_import(session, plan, analyst, today=TODAY)
    session.rollback()
    assert counts(session) == before
    assert session.scalar(select(func.count()).where(Project.code == "NEW-IMPORT-2")) == 0


def test_an_empty_file_plans_nothing(session):
    plan = plan_of(session, b"")
    assert plan.has_errors and not plan.creates and not plan.updates
    assert plan.errors[0].severity == ERROR


def test_budget_with_a_decimal_comma_equals_the_stored_one(session):
    project = session.scalars(select(Project).order_by(Project.id).limit(1)).one()
    amount = format(project.budget, "f").replace(".", ",")
    text = f"code;title;budget\n{project.code};{project.title};{amount}\n"
    plan = plan_of(session, text.encode())
    assert plan.unchanged == [project.code] and project.budget == Decimal(amount.replace(",", "."))


def test_titles_in_other_languages_travel_through_the_csv(session, analyst):
    project = session.scalars(select(Project).order_by(Project.id)).first()
    code = project.code

    def add_texts(rows):
        row = next(r for r in rows if r["code"] == code)
        row["title_kk"], row["description_kk"] = "Су жобасы", "Қазақша сипаттама"
        row["title_ru"] = "Водный проект"

    plan = plan_of(session, edited(exported(session), add_texts))
    assert [p.code for p in plan.updates] == [code] and not plan.errors
    apply_import(session, plan, analyst, file_name="texts.csv", today=TODAY)
    saved = {t.language: (t.title, t.description) for t in load_project(session, project.id).texts}
    assert saved == {"kk": ("Су жобасы", "Қазақша сипаттама"), "ru": ("Водный проект", "")}
    # The export now carries them, and reading it back changes nothing.
    again = plan_of(session, exported(session))
    assert (len(again.creates), len(again.updates)) == (0, 0) and not again.problems

    def drop_russian(rows):
        next(r for r in rows if r["code"] == code)["title_ru"] = ""

    plan = plan_of(session, edited(exported(session), drop_russian))
    apply_import(session, plan, analyst, file_name="texts.csv", today=TODAY)
    assert {t.language for t in load_project(session, project.id).texts} == {"kk"}


def test_an_unknown_language_is_an_error_on_its_line(session):
    def german(rows):
        rows[2]["language"] = "de"

    plan = plan_of(session, edited(exported(session), german))
    (problem,) = plan.errors
    assert (problem.where, problem.column) == ("line 4", "language")
    assert "en, kk or ru" in problem.message


def test_an_illustrative_record_cannot_change_a_real_project(session, analyst):
    """Demonstration data must never pass for real data: a record the file marks as
    illustrative is refused on a real project; a real-marked one keeps an illustrative
    project illustrative."""
    real, kept = session.scalars(select(Project).order_by(Project.id).limit(2)).all()
    real.source = "manual"
    session.flush()

    def edit(rows):
        by_code = {row["code"]: row for row in rows}
        by_code[real.code].update(title="Overwritten", is_illustrative="yes")
        by_code[kept.code].update(title="Retitled", is_illustrative="no", source="manual")

    plan = plan_of(session, edited(exported(session), edit))
    (error,) = plan.errors
    assert (error.code, error.column) == (real.code, "is_illustrative")
    assert "an illustrative record cannot change a real one" in error.message
    warning = next(p for p in plan.warnings if p.code == kept.code)
    assert "it stays illustrative" in warning.message


def test_a_real_marked_row_keeps_an_illustrative_project_illustrative(session, analyst):
    project = session.scalars(select(Project).order_by(Project.id).limit(1)).one()
    plan = plan_of(session, f"code,title,is_illustrative\n{project.code},New,no\n".encode())
    assert not plan.has_errors and [p.code for p in plan.updates] == [project.code]
    apply_import(session, plan, analyst, today=TODAY)
    session.flush()
    assert (project.title, project.source) == ("New", "seed_illustration")


@pytest.mark.parametrize(
    ("cells", "source"),
    [("yes,synthetic", "synthetic"), ("yes,", "seed_illustration"), ("no,", "import"),
     (",seed_illustration", "seed_illustration"), (",", "import")],
)  # fmt: skip
def test_new_projects_take_the_files_illustrative_marker(session, analyst, cells, source):
    data = f"code,title,status,sdg_targets,is_illustrative,source\nNEW-9,New,1,3.8,{cells}\n"
    plan = plan_of(session, data.encode())
    assert not plan.has_errors, plan.errors
    apply_import(session, plan, analyst, today=TODAY)
    assert session.scalars(select(Project).where(Project.code == "NEW-9")).one().source == source


def test_a_bad_illustrative_marker_is_an_error_on_its_line(session):
    data = b"code,title,status,sdg_targets,is_illustrative\nNEW-9,New,1,3.8,maybe\n"
    (problem,) = plan_of(session, data).errors
    assert (problem.where, problem.column) == ("line 2", "is_illustrative")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("budget", "1e308", "The budget is too large"),
        ("budget", "99999999999999999999.99", "The budget is too large"),
        ("budget", "Infinity", "must be an amount"),
        ("budget", "NaN", "must be an amount"),
        ("budget", "12.345", "more than two decimals"),
        ("title", "Water\0", "NUL character"),
        ("description", "A\0B", "NUL character"),
        ("title_kk", "Ж" * 301, "at most 300 characters; this one has 301"),
        ("code", "C" * 101, "at most 100 characters"),
        ("sdg_targets", "3.8 (33.333%); 3.9 (66.667%)", "more than two decimals"),
        ("sdg_targets", "3.8 (1e999999%)", "more than 0 and at most 100"),
        ("actual_start", "0000-01-01", "must be a date"),
    ],
)
def test_values_the_database_cannot_hold_are_problems_on_their_row(session, column, value, words):
    data = edited(exported(session), lambda rows: rows[4].update({column: value}))
    plan = plan_of(session, data)
    (problem,) = plan.errors
    assert (problem.where, problem.column) == ("line 6", column)
    assert words in problem.message


def test_the_largest_budget_the_database_keeps_is_stored_to_the_cent(session, analyst):
    from tracker.services.database_limits import database_limits

    largest = database_limits(session).budget_max
    assert largest == (
        Decimal("9999999999999.99") if session.get_bind().dialect.name == "sqlite"
        else Decimal("99999999999999.99")
    )  # fmt: skip
    rows = "".join(
        f"BIG-{n},Big,1,3.8,{amount}\n" for n, amount in enumerate((largest, largest + 1))
    )
    plan = plan_of(session, f"code,title,status,sdg_targets,budget\n{rows}".encode())
    (problem,) = plan.errors
    assert (problem.code, problem.column) == ("BIG-1", "budget")
    plan.problems.clear()  # import the first alone
    apply_import(session, plan, analyst, today=TODAY)
    session.flush()
    session.expire_all()
    assert session.scalar(select(Project.budget).where(Project.code == "BIG-0")) == largest


def test_a_budget_the_file_leaves_alone_is_not_held_against_the_row(session):
    """Only what the file gives is checked against the limits: a budget the database
    already holds (here beyond what SQLite keeps to the cent) stays as it is."""
    project = session.scalars(select(Project).order_by(Project.id).limit(1)).one()
    project.budget = Decimal("50000000000000.00")
    session.flush()
    plan = plan_of(session, f"code,title\n{project.code},Renamed\n".encode())
    assert not plan.has_errors and [p.code for p in plan.updates] == [project.code]
