"""Reading the wide CSV: encodings, delimiters, the export's own quirks, and bad input."""

from datetime import date
from decimal import Decimal

import pytest

from tracker.formats.csv_import import COLUMNS, read_projects_csv
from tracker.formats.csv_projects import ProjectCsv, ProjectRecord, TargetLink
from tracker.formats.records import ERROR, WARNING

HEADER = ",".join(COLUMNS)


def row(**cells: str) -> str:
    values = {"code": "P-1", "title": "Clean water", "status": "2", **cells}
    return ",".join(values.get(name, "") for name in COLUMNS)


def read(text: str, encoding: str = "utf-8"):
    return read_projects_csv(text.encode(encoding))


def errors(problems):
    return [p for p in problems if p.severity == ERROR]


def test_reads_back_what_the_export_writes():
    record = ProjectRecord(
        code="KZ-1", title="=SUM(A1)", description="two\r\nlines, \"quoted\"", status=2,
        status_name="Implementation", planned_start=date(2024, 1, 1), planned_end=None,
        actual_start=date(2024, 2, 1), actual_end=None, budget=Decimal("1250.50"),
        currency="USD", targets=(TargetLink(3, "3.8", Decimal("50")),
                                 TargetLink(9, "9.c", Decimal("50"))),
        sectors=(("12220", None),), places=(("KZ-75", Decimal("33.33")), ("KZ", Decimal("66.67"))),
        funding=("GoK",), implementing=("UNDP", "WHO"), documents=("KZ-2050",),
    )  # fmt: skip
    for delimiter in (",", ";"):
        data = b"".join(ProjectCsv(delimiter=delimiter).stream([record]))
        (imported,), problems = read_projects_csv(data)
        assert problems == []
        assert imported.title == "=SUM(A1)"  # the export's ' is dropped again
        assert imported.description == 'two\r\nlines, "quoted"'
        assert imported.targets == [("3.8", Decimal("50")), ("9.c", Decimal("50"))]
        assert imported.places == [("KZ-75", Decimal("33.33")), ("KZ", Decimal("66.67"))]
        assert imported.sectors == [("12220", None)]
        assert [(o.role, o.acronym) for o in imported.organisations] == [
            (1, "GoK"), (4, "UNDP"), (4, "WHO")
        ]  # fmt: skip
        assert imported.documents == ["KZ-2050"]
        assert (imported.budget, imported.status, imported.actual_start) == (
            Decimal("1250.50"), 2, date(2024, 2, 1)
        )  # fmt: skip
        assert imported.cleared == {"planned_end", "actual_end"}


def test_a_missing_optional_column_leaves_its_field_unsaid():
    records, problems = read("code,title\nP-1,Clean water\n")
    assert problems == []
    (record,) = records
    assert record.title == "Clean water"
    assert record.targets is None and record.organisations is None and record.status is None


def test_missing_required_columns_are_an_error_on_line_1():
    records, problems = read("title,status\nClean water,2\n")
    assert records == []
    (problem,) = problems
    assert (problem.where, problem.column, problem.severity) == ("line 1", "code", ERROR)
    assert "required column code;" in problem.message


def test_extra_columns_are_a_warning_naming_them():
    records, problems = read("code,title,colour,size\nP-1,Clean water,red,L\n")
    assert len(records) == 1
    (problem,) = problems
    assert (problem.where, problem.severity, problem.column) == ("line 1", WARNING, "colour, size")


def test_a_file_in_another_encoding_names_the_line_and_says_to_save_as_utf8():
    text = f"{HEADER}\n{row()}\n{row(code='P-2', title='Чистая вода')}\n"
    records, problems = read(text, "cp1251")
    assert records == []
    (problem,) = problems
    assert (problem.where, problem.column, problem.severity) == ("line 3", "title", ERROR)
    assert "not UTF-8" in problem.message and "UTF-8" in problem.message.split(".")[-2]


def test_utf16_and_workbooks_are_refused_with_the_remedy():
    for data in ("code,title\n".encode("utf-16"), b"PK\x03\x04rest-of-a-zip"):
        records, (problem,) = read_projects_csv(data)
        assert records == [] and problem.severity == ERROR and "CSV UTF-8" in problem.message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  \n"])
def test_an_empty_file_is_an_error(data):
    records, (problem,) = read_projects_csv(data)
    assert records == [] and problem.severity == ERROR and "empty" in problem.message


def test_duplicated_codes_name_both_lines():
    text = f"{HEADER}\n{row()}\n{row(code='P-2')}\n{row(code='p-1')}\n"
    records, problems = read(text)
    assert [r.code for r in records] == ["P-1", "P-2"]
    (problem,) = problems
    assert (problem.where, problem.column) == ("line 4", "code")
    assert "also on line 2" in problem.message


def test_broken_quoting_names_the_line_and_stops():
    bad = row(code="P-2", title="TITLE").replace("TITLE", '"a "bad" title"')
    text = f"{HEADER}\n{row()}\n{bad}\n"
    records, problems = read(text)
    assert [r.code for r in records] == ["P-1"]
    (problem,) = errors(problems)
    assert problem.where == "line 3" and "quot" in problem.message.lower()


def test_an_unclosed_quote_names_the_line_the_row_starts_on():
    text = f'{HEADER}\n{row()}\n{row(code="P-2")}\n"P-3,never closed\n{row(code="P-4")}\n'
    records, problems = read(text)
    (problem,) = errors(problems)
    assert problem.where == "line 4" and "never closed" in problem.message
    assert [r.code for r in records] == ["P-1", "P-2"]


def test_rows_with_the_wrong_number_of_fields():
    text = f"{HEADER}\n{row()},extra\n{row(code='P-2')}\n"
    records, problems = read(text)
    (problem,) = problems
    width = len(HEADER.split(","))
    assert problem.where == "line 2"
    assert f"{width + 1} fields but the header has {width}" in problem.message
    assert [r.code for r in records] == ["P-2"]


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"status": "9"}, "status", "1 to 6"),
        ({"planned_start": "31/12/2024"}, "planned_start", "YYYY-MM-DD"),
        ({"budget": '"1,250,000"'}, "budget", "no thousands separator"),
        ({"sdg_targets": "3.8 (half)"}, "sdg_targets", "share of 3.8"),
        ({"sectors": "12220; 12220"}, "sectors", "listed twice"),
        ({"code": ""}, "code", "code is empty"),
        ({"title": "  "}, "title", "title is empty"),
    ],
)
def test_a_bad_value_names_its_line_and_column(cells, column, words):
    _, problems = read(f"{HEADER}\n{row()}\n{row(**{'code': 'P-2', **cells})}\n")
    (problem,) = problems
    assert (problem.where, problem.column, problem.severity) == ("line 3", column, ERROR)
    assert words in problem.message


def test_semicolons_and_decimal_commas_from_a_european_spreadsheet():
    text = 'code;title;budget;sdg_targets\nP-1;Water;1250,50;"6.1 (50,5%); 6.2 (49,5%)"\n'
    (record,), problems = read(text)
    assert problems == []
    assert record.budget == Decimal("1250.50")
    assert record.targets == [("6.1", Decimal("50.5")), ("6.2", Decimal("49.5"))]


def test_read_only_columns_are_ignored_but_contradictions_are_warned():
    text = f"{HEADER}\n{row(status_name='Closed', sdg_goals='4', sdg_targets='3.8', version='x')}\n"
    (record,), problems = read(text)
    assert record.status == 2
    assert {(p.column, p.severity) for p in problems} == {
        ("status_name", WARNING), ("sdg_goals", WARNING)
    }  # fmt: skip


def test_the_long_export_is_refused_as_such():
    _, (problem,) = read("code,title,status,goal,target,share_percent,budget_allocated,currency\n")
    assert "long export" in problem.message


def test_a_huge_cell_is_reported_not_crashed_on():
    text = f'{HEADER}\n{row()}\n"P-2,{"x" * 200_000}\n'
    records, problems = read(text)
    assert [r.code for r in records] == ["P-1"]
    (problem,) = errors(problems)
    assert problem.where == "line 3"
