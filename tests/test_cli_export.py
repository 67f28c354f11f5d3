"""The export-csv command: the register's projects as CSV, to a file or stdout."""

import pytest

from tests.views.test_export import codes_of, rows_of


def test_cli_export_to_a_file_with_filters(app, runner, tmp_path):
    output = tmp_path / "projects.csv"
    result = runner.invoke(
        args=["export-csv", "--output", str(output), "--filter", "goal=3", "--filter", "sort=code"]
    )
    assert result.exit_code == 0, result.output
    expected = codes_of(app, goal=3, sort="code", direction="asc")
    assert f"Wrote {len(expected)} rows ({len(expected)} projects, wide)" in result.stderr
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert [row["code"] for row in rows_of(data)] == expected


def test_cli_export_long_to_stdout_without_bom_with_semicolons(runner):
    result = runner.invoke(args=["export-csv", "--shape", "long", "--no-bom", "--semicolon"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"code;title;status;goal;target;")
    rows = rows_of(result.stdout_bytes, ";")
    assert len({row["code"] for row in rows}) == 235
    assert f"Wrote {len(rows)} rows (235 projects, long) to standard output." in result.stderr


@pytest.mark.parametrize(
    ("pair", "reason"),
    [("goal=42", "SDG goal “42” should be a number from 1 to 17"), ("colour=red", "KEY=VALUE")],
)
def test_cli_refuses_a_bad_filter(runner, tmp_path, pair, reason):
    output = tmp_path / "never.csv"
    result = runner.invoke(args=["export-csv", "--output", str(output), "--filter", pair])
    assert result.exit_code == 2
    assert reason in result.stderr
    assert not output.exists()
