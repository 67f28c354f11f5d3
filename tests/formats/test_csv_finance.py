"""The long finance CSV, written and read on strings: Excel's quirks, bad cells, the header."""

from decimal import Decimal

import pytest

from tracker.formats.csv_finance import (
    COLUMNS,
    FinanceCsv,
    FinanceEntry,
    FinanceRow,
    read_finance_csv,
)
from tracker.formats.records import ERROR, WARNING

HEADER = "project_code,year,measure,amount"


def read(text: str):
    return read_finance_csv(text.encode("utf-8"))


def errors(problems):
    return [(p.where, p.column) for p in problems if p.severity == ERROR]


def test_reads_back_what_the_export_writes_in_both_separators():
    rows = [
        FinanceRow("KZ-1", "=cmd|' /C calc'!A0", 2025, "required", Decimal("1250.5"), "KZT",
                   is_illustrative=True),
        FinanceRow("KZ-1", "=cmd|' /C calc'!A0", 2025, "available", Decimal("1000"), "KZT",
                   funder="EU", funder_iati_ref="XI-IATI-EC_INTPA"),
        FinanceRow("KZ-1", "=cmd|' /C calc'!A0", 2026, "spent", Decimal("-20.10"), "KZT",
                   correction=True, note="+typo; \"double\" counted\r\nearlier"),
    ]  # fmt: skip
    for delimiter in (",", ";"):
        writer = FinanceCsv(delimiter=delimiter)
        data = b"".join(writer.stream(rows))
        assert data.startswith(b"\xef\xbb\xbf" + delimiter.join(COLUMNS).encode())
        assert b"'=cmd" in data and b"'-20.10" in data and b"'+typo" in data  # formulas disarmed
        assert (writer.rows, writer.projects) == (3, 1)
        entries, problems = read_finance_csv(data)
        assert problems == []
        assert entries == [
            FinanceEntry(2, "KZ-1", 2025, "required", Decimal("1250.50"), "KZT"),
            FinanceEntry(3, "KZ-1", 2025, "available", Decimal("1000.00"), "KZT", "EU",
                         "XI-IATI-EC_INTPA"),
            FinanceEntry(4, "KZ-1", 2026, "spent", Decimal("-20.10"), "KZT", correction=True,
                         note="+typo; \"double\" counted\r\nearlier"),
        ]  # fmt: skip


def test_the_illustrative_label_is_written_on_every_row():
    data = b"".join(FinanceCsv(bom=False).stream([
        FinanceRow("DEMO-1", "Demo", 2025, "spent", Decimal(1), "USD", is_illustrative=True),
        FinanceRow("REAL-1", "Real", 2025, "spent", Decimal(1), "USD"),
    ])).decode()  # fmt: skip
    lines = data.split("\r\n")
    assert lines[0].endswith(",is_illustrative")
    assert lines[1].endswith(",yes") and lines[2].endswith(",no")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1250,50", Decimal("1250.50")), ("1250.50", Decimal("1250.50")), ("-0", Decimal("0")),
     ("1e3", Decimal("1000")), (" 7 ", Decimal("7"))],
)  # fmt: skip
def test_amounts_follow_the_project_imports_rules(amount, expected):
    entries, problems = read(f'{HEADER}\nP-1,2025,spent,"{amount}"\n')
    assert problems == []
    assert entries[0].amount == expected


@pytest.mark.parametrize("amount", ["1 234,50", "1,234.50", "1.234,50", "", "NaN", "Infinity",
                                    "12 USD", "one"])  # fmt: skip
def test_an_amount_with_thousands_separators_or_words_is_refused(amount):
    entries, problems = read(f'{HEADER}\nP-1,2025,spent,"{amount}"\n')
    assert entries == []
    assert errors(problems) == [("line 2", "amount")]
    assert "no thousands separator" in problems[0].message


def test_each_bad_cell_is_named_by_line_and_column():
    text = (f"{HEADER},correction\n"
            "P-1,2025,spent,10,\n"
            ",25,Spend,x,maybe\n"
            "P-2,2025,REQUIRED,5,Yes\n")  # fmt: skip
    entries, problems = read(text)
    assert errors(problems) == [("line 3", "project_code"), ("line 3", "year"),
                                ("line 3", "measure"), ("line 3", "amount"),
                                ("line 3", "correction")]  # fmt: skip
    assert [(e.line, e.measure, e.correction) for e in entries] == [
        (2, "spent", False), (4, "required", True)]  # fmt: skip
    by_column = {p.column: p.message for p in problems}
    assert by_column["measure"] == (
        "“Spend” is not a measure; use one of required, available, spent, disbursed, committed."
    )
    assert by_column["year"] == "year should be a year such as 2025, not “25”."


def test_extra_columns_are_ignored_with_a_note_and_semicolons_are_recognised():
    entries, problems = read("Project_Code;Year;Measure;Amount;Comment\nP-1;2025;spent;1,5;hi\n")
    assert [(e.project_code, e.amount) for e in entries] == [("P-1", Decimal("1.5"))]
    assert [(p.severity, p.column) for p in problems] == [(WARNING, "comment")]


@pytest.mark.parametrize(
    ("text", "column"),
    [("project_code,year,amount\nP,2025,1\n", "measure"),
     ("project_code,year,measure,amount,year\nP,2025,spent,1,2025\n", "year"),
     ("", "")],
)  # fmt: skip
def test_a_file_without_the_needed_header_is_refused_whole(text, column):
    entries, problems = read(text)
    assert entries == []
    assert errors(problems) == [("line 1", column)]


def test_a_row_with_the_wrong_number_of_fields_and_broken_bytes():
    entries, problems = read(f"{HEADER}\nP-1,2025,spent\n")
    assert entries == [] and errors(problems) == [("line 2", "")]
    entries, problems = read_finance_csv(f"{HEADER}\nP-1,2025,spent,1\n".encode() + b"\xff,\n")
    assert entries == [] and "not UTF-8" in problems[0].message


def test_a_header_alone_is_a_warning():
    entries, problems = read(HEADER + "\r\n")
    assert entries == [] and [p.severity for p in problems] == [WARNING]
