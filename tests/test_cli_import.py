"""The import-csv command: dry run, errors with their lines, a real import, progress."""

import pytest
from sqlalchemy import func, select

from tracker import cli_exchange
from tracker.extensions import db
from tracker.models import NOT_REAL_SOURCES, Project, ProjectRevision, StatusChange


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, ProjectRevision, StatusChange)
        )


def exported(runner, tmp_path):
    path = tmp_path / "all.csv"
    assert runner.invoke(args=["export-csv", "--output", str(path)]).exit_code == 0
    return path


def test_round_trip_dry_run_and_import_change_nothing(app, runner, tmp_path):
    path = exported(runner, tmp_path)
    before = counts(app)
    result = runner.invoke(args=["import-csv", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "0 to create, 0 to update (0 status changes), 235 unchanged; 0 errors" in result.stdout
    result = runner.invoke(args=["import-csv", str(path), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert "all.csv: 0 created, 0 updated (0 status changes), 235 unchanged." in result.stdout
    assert counts(app) == before


def test_dry_run_writes_nothing_and_a_real_run_does(app, runner, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("code,title,status,sdg_targets\nCLI-1,From the CLI,1,3.8\n", encoding="utf-8")
    before = counts(app)
    result = runner.invoke(args=["import-csv", str(path), "--dry-run"])
    assert result.exit_code == 0 and "1 to create" in result.stdout
    assert counts(app) == before
    result = runner.invoke(args=["import-csv", str(path), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert counts(app)[0] == before[0] + 1
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.code == "CLI-1")).one()
        assert project.history[0].reason == "Imported from new.csv"
        assert project.history[0].changed_by == "Demo analyst"


def test_errors_are_listed_by_line_and_column_and_nothing_is_written(app, runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,title,status,sdg_targets\nCLI-2,Fine,1,3.8\nCLI-3,Bad,1,18.1\n")
    before = counts(app)
    result = runner.invoke(args=["import-csv", str(path), "--user", "analyst"])
    assert result.exit_code == 1
    assert "line 3, sdg_targets: error: Unknown SDG targets: 18.1" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert counts(app) == before


def test_counts_use_the_singular_for_one(runner, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("code,title,status,sdg_targets,budget,colour\nCLI-4,Bad,1,3.8,-5,red\n")
    result = runner.invoke(args=["import-csv", str(path), "--dry-run"])
    assert "unchanged; 1 error, 1 warning. Nothing was imported" in result.stderr


def test_a_real_import_needs_an_editor_account(runner, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("code,title\n")
    assert "--user" in runner.invoke(args=["import-csv", str(path)]).output
    result = runner.invoke(args=["import-csv", str(path), "--user", "viewer"])
    assert result.exit_code == 2 and "not an active analyst or admin" in result.output


def test_long_files_show_progress(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_exchange, "PROGRESS_FROM", 10)
    path = exported(runner, tmp_path)
    result = runner.invoke(args=["import-csv", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "Checking" in result.stderr


def illustrative_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Project.source.in_(NOT_REAL_SOURCES)))


@pytest.mark.parametrize(
    ("export", "import_", "name"),
    [("export-csv", "import-csv", "all.csv"), ("export-iati", "import-iati", "all.xml")],
)
def test_illustrative_records_stay_illustrative_in_a_fresh_database(
    app, runner, make_app, tmp_path, export, import_, name
):
    path = tmp_path / name
    assert runner.invoke(args=[export, "--output", str(path)]).exit_code == 0
    fresh = make_app("reference")
    result = fresh.test_cli_runner().invoke(args=[import_, str(path), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert "235 created" in result.stdout
    assert illustrative_count(fresh) == illustrative_count(app) == 235
    home = fresh.test_client().get("/").get_data(as_text=True)
    assert "All 235 projects here are illustrative records" in home


def test_a_budget_the_database_cannot_hold_is_an_error_not_a_traceback(app, runner, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("code,title,status,sdg_targets,budget\nCLI-9,Huge,1,3.8,1e308\n")
    before = counts(app)
    result = runner.invoke(args=["import-csv", str(path), "--dry-run"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "line 2, budget: error: The budget is too large" in result.stderr
    assert counts(app) == before
