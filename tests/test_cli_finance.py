"""export-finance and import-finance: annual figures in CSV from the command line."""

from decimal import Decimal

from sqlalchemy import func, select

from tests.views.test_export import rows_of
from tests.views.test_finance_exchange import give_figures, stored
from tracker.extensions import db
from tracker.models import AnnualFigure


def test_export_finance_to_a_file_with_a_filter(app, runner, tmp_path):
    codes = give_figures(app, count=2, goal=3)
    give_figures(app, count=1, goal=5, sort="code", direction="desc")
    output = tmp_path / "finance.csv"
    result = runner.invoke(args=["export-finance", "--output", str(output), "--filter", "goal=3"])
    assert result.exit_code == 0, result.output
    rows = rows_of(output.read_bytes())
    assert {row["project_code"] for row in rows} >= set(codes)
    assert f"Wrote {len(rows)} annual figures" in result.stderr
    assert all(row["is_illustrative"] == "yes" for row in rows)


def test_export_finance_to_stdout_with_semicolons(app, runner):
    result = runner.invoke(args=["export-finance", "--no-bom", "--semicolon"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"project_code;project_title;year;measure;amount;")
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(AnnualFigure))
    assert count > 0 and len(rows_of(result.stdout_bytes, ";")) == count


def test_import_finance_dry_run_then_for_real(app, runner, tmp_path):
    (code,) = give_figures(app, count=1)
    before = stored(app, code)
    year = min(y for y, *_ in before)
    file = tmp_path / "figures.csv"
    file.write_text(f"project_code,year,measure,amount\n{code},{year},spent,99.5\n")
    result = runner.invoke(args=["import-finance", str(file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{code} {year} spent: 250.50 → 99.50" in result.stdout
    assert f"{code} {year} required: 1000.00 → removed" in result.stdout
    assert (
        f"replaces {year} of 1 project, other years unchanged; 1 to change; 0 errors, 0 warnings"
    ) in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert stored(app, code) == before
    result = runner.invoke(args=["import-finance", str(file)])
    assert result.exit_code == 2 and "--user" in result.stderr
    result = runner.invoke(args=["import-finance", str(file), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert "the figures of 1 project changed." in result.stdout
    assert {r for r in stored(app, code) if r[0] == year} == {
        (year, "spent", Decimal("99.5"), None)
    }


def test_import_finance_with_an_error_writes_nothing_and_exits_1(app, runner, tmp_path):
    (code,) = give_figures(app, count=1)
    before = stored(app, code)
    file = tmp_path / "figures.csv"
    file.write_text(f"project_code,year,measure,amount\n{code},2025,spent,-1\nX-0,2025,spent,1\n")
    result = runner.invoke(args=["import-finance", str(file), "--user", "analyst"])
    assert result.exit_code == 1
    assert "line 2, amount: error: An amount cannot be negative" in result.stderr
    assert "line 3, project_code: error: No project has the code X-0" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert stored(app, code) == before
