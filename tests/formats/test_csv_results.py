"""The results CSV on strings: the export's cells for Excel, and reading a file back."""

from datetime import date

import pytest

from tracker.formats.csv_results import (
    COLUMNS,
    ResultsCsv,
    ResultsRow,
    read_day,
    read_results_csv,
)

HEADER = "project_code,indicator_id,period_start,period_end,actual_value\n"


def a_row(**changes) -> ResultsRow:
    values = {name: "" for name in COLUMNS}
    values.update(indicator_id=7, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                  is_illustrative=True, project_code="P-1")  # fmt: skip
    values.update(changes)
    return ResultsRow(**values)


def test_the_export_is_for_excel_and_neutralises_formulas():
    writer = ResultsCsv()
    rows = [a_row(actual_value="-4.5", indicator_title="=SUM(A1)"), a_row(indicator_id=8)]
    data = b"".join(writer.stream(rows))
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n")
    assert b",'=SUM(A1)," in data and b",'-4.5," in data
    assert b",2025-01-01,2025-12-31," in data and data.rstrip().endswith(b",yes")
    assert (writer.rows, writer.indicators) == (2, 2)
    # Read back, the neutralising quote is dropped again.
    (first, _second), problems = read_results_csv(data)
    assert not problems and first.actual_value == "-4.5" and first.indicator_id == 7


@pytest.mark.parametrize(
    ("text", "day"),
    [("2025-12-31", date(2025, 12, 31)), ("31.12.2025", date(2025, 12, 31)),
     ("1.2.2025", date(2025, 2, 1)), ("12/31/2025", None), ("2025-02-30", None),
     ("20251231", None), ("31.02.2025", None), ("", None)],
)  # fmt: skip
def test_dates_as_iso_or_as_kazakh_and_russian_spreadsheets_write_them(text, day):
    assert read_day(text) == day


def test_a_figure_column_the_file_lacks_is_none_so_it_is_kept():
    (entry,), problems = read_results_csv((HEADER + "P-1,7,2025-01-01,2025-12-31,5\n").encode())
    assert not problems
    assert (entry.actual_value, entry.actual_comment, entry.target_value) == ("5", None, None)


def test_each_unreadable_cell_is_a_problem_on_its_line_and_column():
    text = HEADER + ",x,2025-01-01,31/12/2025,5\nP-1,7,2025-01-01,2025-12-31,\0\n"
    entries, problems = read_results_csv(text.encode())
    assert not entries
    assert [(p.where, p.column) for p in problems] == [
        ("line 2", "project_code"), ("line 2", "indicator_id"), ("line 2", "period_end"),
        ("line 3", "actual_value")]  # fmt: skip


def test_a_header_without_the_required_columns_is_refused():
    entries, problems = read_results_csv(b"project_code,year,measure,amount\nP-1,2025,spent,5\n")
    assert not entries
    ((problem),) = problems
    assert problem.column == "indicator_id, period_start, period_end, actual_value"
    assert "header of the results export" in problem.message
