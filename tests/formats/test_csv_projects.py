"""Writing projects as CSV: encoding, delimiter, quoting, formula safety and the two shapes."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tracker.formats.csv_projects import (
    LONG_COLUMNS,
    WIDE_COLUMNS,
    ProjectCsv,
    ProjectRecord,
    TargetLink,
    long_rows,
    split_exactly,
    wide_row,
)


def record(**fields) -> ProjectRecord:
    values = {
        "code": "KZ-001", "title": "Clean water", "description": "", "status": 2,
        "status_name": "Implementation", "planned_start": date(2024, 1, 1),
        "planned_end": date(2026, 12, 31), "actual_start": date(2024, 2, 29), "actual_end": None,
        "budget": Decimal("1000.00"), "currency": "USD",
        "targets": (TargetLink(3, "3.8", None), TargetLink(9, "9.c", None)),
        **fields,
    }  # fmt: skip
    return ProjectRecord(**values)


def text_of(records, **options) -> str:
    return b"".join(ProjectCsv(**options).stream(records)).decode("utf-8")


def parsed(text: str, delimiter: str = ",") -> list[list[str]]:
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="")
    return list(csv.reader(lines, delimiter=delimiter))


def test_excel_safe_by_default_bom_comma_and_crlf():
    data = b"".join(ProjectCsv().stream([record()]))
    assert data.startswith(b"\xef\xbb\xbfcode,title,description,status,")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")


def test_plain_utf8_and_semicolons_on_request():
    data = b"".join(ProjectCsv(bom=False, delimiter=";").stream([record(title="Вода; чистая")]))
    assert data.startswith(b"code;title;")
    text = data.decode("utf-8")
    assert '"Вода; чистая"' in text  # the delimiter inside a cell is quoted
    assert parsed(text, ";")[1][1] == "Вода; чистая"


def test_unknown_shape_or_delimiter_is_refused():
    with pytest.raises(ValueError, match="shape"):
        ProjectCsv("tall")
    with pytest.raises(ValueError, match="delimiter"):
        ProjectCsv(delimiter="\t")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_neutralised(start):
    rows = parsed(text_of([record(title=f"{start}HYPERLINK(1)", description="a=b")]))
    assert rows[1][1] == f"'{start}HYPERLINK(1)"
    assert rows[1][2] == "a=b"  # only the first character counts


def test_newlines_and_quotes_survive_a_round_trip():
    description = 'Line one\nline "two"\r\nline three'
    text = text_of([record(description=description)])
    assert '"Line one\nline ""two""\r\nline three"' in text
    assert parsed(text)[1][2] == description


def test_wide_row_holds_codes_iso_dates_and_shares():
    written = record(
        targets=(TargetLink(3, "3.8", Decimal("50.00")), TargetLink(9, "9.c", Decimal("50.00"))),
        sectors=(("12220", Decimal("62.50")), ("14030", Decimal("37.50"))),
        places=(("KZ-75", None),), funding=("EU", "GEF"), implementing=("UNDP",),
        documents=("KAZAKHSTAN-2050",), source="seed_illustration", is_illustrative=True,
        version=3, updated_at=datetime(2025, 3, 1, 14, 5, 9, tzinfo=timezone(timedelta(hours=5))),
    )  # fmt: skip
    row = dict(zip([name for name, _ in WIDE_COLUMNS], wide_row(written), strict=True))
    assert row["planned_start"] == "2024-01-01" and row["actual_start"] == "2024-02-29"
    assert row["actual_end"] == "" and row["budget"] == "1000.00"
    assert row["sdg_goals"] == "3; 9"
    assert row["sdg_targets"] == "3.8 (50%); 9.c (50%)"
    assert row["sectors"] == "12220 (62.5%); 14030 (37.5%)"
    assert row["places"] == "KZ-75"  # no shares given: no shares written
    assert row["funding_organisations"] == "EU; GEF" and row["accountable_organisations"] == ""
    assert row["implementing_organisations"] == "UNDP"
    assert row["strategic_documents"] == "KAZAKHSTAN-2050"
    assert row["is_illustrative"] == "yes" and row["version"] == "3"
    assert row["updated_at"] == "2025-03-01T09:05:09Z"  # in UTC


def test_blank_shares_are_written_as_codes_only():
    assert wide_row(record())[12] == "3.8; 9.c"
    names = [name for name, _ in WIDE_COLUMNS]
    row = wide_row(record(updated_at=datetime(2025, 1, 2, 3, 4, 5)))
    assert row[names.index("updated_at")] == "2025-01-02T03:04:05Z"


def test_titles_in_other_languages_have_their_own_columns():
    names = [name for name, _ in WIDE_COLUMNS]
    texts = (("kk", "Су жобасы", "Сипаттама"), ("ru", "Водный проект", ""))
    row = dict(zip(names, wide_row(record(language="en", texts=texts)), strict=True))
    assert row["language"] == "en"
    assert (row["title_kk"], row["description_kk"]) == ("Су жобасы", "Сипаттама")
    assert (row["title_ru"], row["description_ru"]) == ("Водный проект", "")
    assert row["title_en"] == row["description_en"] == ""


def test_long_rows_split_the_budget_by_share():
    rows = long_rows(record(targets=(TargetLink(3, "3.8", Decimal("75")),
                                     TargetLink(9, "9.c", Decimal("25")))))  # fmt: skip
    assert [name for name, _ in LONG_COLUMNS] == [
        "code", "title", "status", "goal", "target", "share_percent", "budget_allocated",
        "currency",
    ]  # fmt: skip
    assert rows == [
        ["KZ-001", "Clean water", "2", "3", "3.8", "75", "750.00", "USD"],
        ["KZ-001", "Clean water", "2", "9", "9.c", "25", "250.00", "USD"],
    ]


@pytest.mark.parametrize(
    ("budget", "count", "shares", "amounts"),
    [
        ("100.00", 3, ["33.33", "33.33", "33.34"], ["33.33", "33.33", "33.34"]),
        ("0.01", 3, ["33.33", "33.33", "33.34"], ["0.00", "0.00", "0.01"]),
        ("1000000.01", 7, ["14.29"] * 6 + ["14.26"],
         ["142900.00"] * 6 + ["142600.01"]),
        ("0.00", 2, ["50", "50"], ["0.00", "0.00"]),
    ],
)  # fmt: skip
def test_equal_splits_add_up_exactly_with_the_remainder_last(budget, count, shares, amounts):
    targets = tuple(TargetLink(1, f"1.{n + 1}", None) for n in range(count))
    rows = long_rows(record(budget=Decimal(budget), targets=targets))
    assert [row[5] for row in rows] == shares
    assert [row[6] for row in rows] == amounts
    assert sum(Decimal(row[6]) for row in rows) == Decimal(budget)
    assert sum(Decimal(row[5]) for row in rows) == 100


def test_given_shares_with_cents_add_up_to_the_budget():
    shares = (Decimal("33.33"), Decimal("33.33"), Decimal("33.34"))
    targets = tuple(TargetLink(1, f"1.{n}", share) for n, share in enumerate(shares))
    rows = long_rows(record(budget=Decimal("12345.67"), targets=targets))
    assert [row[6] for row in rows] == ["4114.81", "4114.81", "4116.05"]
    assert sum(Decimal(row[6]) for row in rows) == Decimal("12345.67")


def test_a_project_without_targets_still_counts_once():
    assert long_rows(record(targets=())) == [
        ["KZ-001", "Clean water", "2", "", "", "100", "1000.00", "USD"]
    ]


def test_split_exactly_puts_the_remainder_last():
    assert split_exactly(Decimal("10"), [Decimal(1), Decimal(1), Decimal(1)]) == [
        Decimal("0.10"), Decimal("0.10"), Decimal("9.80")
    ]  # fmt: skip
    assert split_exactly(Decimal("5"), []) == []


def test_streams_in_chunks_and_counts_rows():
    records = (record(code=f"KZ-{n:04d}") for n in range(1201))
    writer = ProjectCsv("long")
    chunks = list(writer.stream(records, rows_per_chunk=500))
    assert len(chunks) == 5  # 2,402 rows: four full chunks and the rest
    assert chunks[0].startswith(b"\xef\xbb\xbf") and not chunks[1].startswith(b"\xef\xbb\xbf")
    assert writer.rows == 2402 and writer.projects == 1201
    rows = parsed(b"".join(chunks).decode("utf-8"))
    assert len(rows) == 2403 and rows[-1][0] == "KZ-1200"


def test_an_empty_export_is_the_header_alone():
    assert text_of([], bom=False) == ",".join(name for name, _ in WIDE_COLUMNS) + "\r\n"


def test_the_columns_are_documented_and_unique():
    for columns in (WIDE_COLUMNS, LONG_COLUMNS):
        names = [name for name, _ in columns]
        assert len(names) == len(set(names)) and all(meaning for _, meaning in columns)
    assert len(WIDE_COLUMNS) == len(wide_row(record()))
