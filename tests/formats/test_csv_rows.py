"""Reading CSV rows: every problem names the file, the line and the reason."""

from datetime import date
from decimal import Decimal

import pytest

from tracker.formats.csv_rows import RowError, parse_date, parse_decimal, parse_int, read_rows


@pytest.fixture
def write(tmp_path):
    def writer(content: str | bytes, name: str = "things.csv"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return writer


def test_rows_come_with_their_line_numbers(write):
    path = write('code,name\n1,"two\nlines"\n3,three\n')
    rows = list(read_rows(path, ("code", "name")))
    assert rows == [(2, {"code": "1", "name": "two\nlines"}), (4, {"code": "3", "name": "three"})]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("", 1, "The file is empty; a header row is required."),
        ("code\n1\n", 1, "Missing columns: name."),
        ("code,name\n1,a,extra\n", 2, "More fields than the header has."),
        ("code,name\n1,a\n2\n", 3, "Fewer fields than the header has."),
        ('code,name\n1,"a"b\n', 2, "Broken CSV quoting"),
        (b"code,name\n1,\xff\xfe\n", 2, "Not valid UTF-8"),
    ],
    ids=["empty", "missing-column", "extra-field", "missing-field", "quoting", "encoding"],
)
def test_broken_files_name_line_and_reason(write, content, line, reason):
    path = write(content)
    with pytest.raises(RowError) as caught:
        list(read_rows(path, ("code", "name")))
    assert caught.value.file == "things.csv"
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(RowError, match="The file is missing."):
        list(read_rows(tmp_path / "absent.csv", ("code",)))


def test_parsers_read_typed_values_and_explain_bad_ones():
    row = {"n": "42", "d": "2024-02-29", "x": "12.50", "blank": "", "bad": "soon"}
    assert parse_int(row, "n") == 42
    assert parse_date(row, "d") == date(2024, 2, 29)
    assert parse_decimal(row, "x") == Decimal("12.50")
    assert parse_int(row, "blank", optional=True) is None
    with pytest.raises(ValueError, match="bad must be a date as YYYY-MM-DD, not “soon”"):
        parse_date(row, "bad")
    with pytest.raises(ValueError, match="whole number"):
        parse_int(row, "x")
    with pytest.raises(ValueError, match="finite"):
        parse_decimal({"x": "NaN"}, "x")
