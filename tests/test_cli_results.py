"""export-results and import-results: indicators' actuals in CSV from the command line."""

from decimal import Decimal

from tests.views.test_export import rows_of
from tests.views.test_results_exchange import actuals, give_indicator

HEADER = "project_code,indicator_id,period_start,period_end,actual_value,actual_comment\n"


def test_export_results_to_a_file_with_a_filter(app, runner, tmp_path):
    code, indicator_id = give_indicator(app)
    give_indicator(app)
    output = tmp_path / "results.csv"
    result = runner.invoke(args=["export-results", "--output", str(output), "--filter",
                                 f"q={code}"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = rows_of(output.read_bytes())
    assert [(r["project_code"], r["indicator_id"]) for r in rows] == [(code, str(indicator_id))] * 2
    assert "Wrote 2 rows (1 indicator)" in result.stderr


def test_export_results_to_stdout_with_semicolons(app, runner):
    give_indicator(app)
    result = runner.invoke(args=["export-results", "--no-bom", "--semicolon"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"project_code;owner_kind;result_type;")
    assert len(rows_of(result.stdout_bytes, ";")) >= 2


def test_import_results_dry_run_then_for_real(app, runner, tmp_path):
    code, indicator_id = give_indicator(app)
    before = actuals(app, indicator_id)
    file = tmp_path / "actuals.csv"
    file.write_text(HEADER + f"{code},{indicator_id},2025-01-01,2025-12-31,41,survey\n")
    result = runner.invoke(args=["import-results", str(file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{code} #{indicator_id} 2025 actual: 30 → 41 (survey)" in result.stdout
    assert "1 row; 1 targets and actuals to change in 1 project; 0 errors" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert actuals(app, indicator_id) == before
    result = runner.invoke(args=["import-results", str(file)])
    assert result.exit_code == 2 and "--user" in result.stderr
    result = runner.invoke(args=["import-results", str(file), "--user", "viewer"])
    assert result.exit_code == 2 and "not an active analyst or admin" in result.stderr
    result = runner.invoke(args=["import-results", str(file), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert "the results of 1 project changed." in result.stdout
    assert actuals(app, indicator_id)[0][1:] == (Decimal(41), "survey")


def test_import_results_with_an_error_writes_nothing_and_exits_1(app, runner, tmp_path):
    code, indicator_id = give_indicator(app)
    before = actuals(app, indicator_id)
    file = tmp_path / "actuals.csv"
    file.write_text(HEADER + f"{code},{indicator_id},2025-01-01,2025-12-31,41,\n"
                    f"{code},{indicator_id},2026-01-01,2026-12-31,a lot,\n")  # fmt: skip
    result = runner.invoke(args=["import-results", str(file), "--user", "analyst"])
    assert result.exit_code == 1
    assert "line 3, actual_value: error: “a lot” is not a number" in result.stderr
    assert "Nothing was imported: fix the errors first." in result.stderr
    assert actuals(app, indicator_id) == before
