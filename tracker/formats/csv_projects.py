"""Writing projects as CSV, in two shapes, streamed in encoded chunks.

*wide*: one row per project, its links as codes (with shares) so the file can be read back.
*long*: one row per project and SDG target with the budget attributed to the target, so a
pivot table over ``budget_allocated`` adds up to the portfolio's budget, never more.

Excel-safe by default: UTF-8 with a byte-order mark, ``\\r\\n`` line ends, and any cell that a
spreadsheet would run as a formula prefixed with ``'``. A reader of these files should drop a
``'`` before ``= + - @``, a tab or a carriage return at the start of a cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import NamedTuple

from tracker.formats.records import OtherSector, Recipient
from tracker.vocabulary import SHARE_TOTAL, effective_shares

SHAPES = ("wide", "long")
DELIMITERS = {"comma": ",", "semicolon": ";"}
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)
CENT = Decimal("0.01")
ROWS_PER_CHUNK = 500

WIDE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "the project's unique code"),
    ("title", "title"),
    ("description", "description (may span lines)"),
    ("status", "IATI activity status code, 1 to 6"),
    ("status_name", "the status in words"),
    ("planned_start", "planned start, YYYY-MM-DD"),
    ("planned_end", "planned end, YYYY-MM-DD"),
    ("actual_start", "actual start, YYYY-MM-DD"),
    ("actual_end", "actual end, YYYY-MM-DD"),
    ("budget", "total budget, two decimals, no thousands separator"),
    ("currency", "ISO 4217 currency code of the budget"),
    ("sdg_goals", "SDG goal numbers, e.g. 3; 9"),
    ("sdg_targets", "SDG target codes with shares, e.g. 3.8 (50%); 9.c (50%); no shares: equal"),
    ("sectors", "DAC 5-digit sector codes with shares, as sdg_targets"),
    ("places", "place codes (e.g. KZ-75) with shares, as sdg_targets"),
    ("funding_organisations", "acronyms of the organisations funding it"),
    ("accountable_organisations", "acronyms of the organisations accountable for it"),
    ("extending_organisations", "acronyms of the organisations extending it"),
    ("implementing_organisations", "acronyms of the organisations implementing it"),
    ("strategic_documents", "codes of the national strategic documents it serves"),
    ("source", "where the record came from: manual, import, seed_illustration, synthetic"),
    ("is_illustrative", "yes for generated demonstration records, no for real projects"),
    ("version", "the record's version, raised by every save"),
    ("updated_at", "last saved, UTC, YYYY-MM-DDTHH:MM:SSZ"),
    ("language", "language of title and description: en, kk or ru (blank: en)"),
    *(
        (
            f"{field}_{language}",
            f"{words} in {name}, where the project has it in another language than its own",
        )
        for language, name in (("kk", "Kazakh"), ("ru", "Russian"), ("en", "English"))
        for field, words in (("title", "the title"), ("description", "the description"))
    ),
    ("parent_code", "for a component, the code of the project it belongs to (its row follows "
                    "that project's); blank for a project of its own"),
)  # fmt: skip
LONG_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "the project's unique code"),
    ("title", "title"),
    ("status", "IATI activity status code, 1 to 6"),
    ("goal", "SDG goal number (blank for a project without targets)"),
    ("target", "SDG target code"),
    ("share_percent", "the target's share, an equal split when none was given; adds up to 100"),
    ("budget_allocated", "budget x share / 100, two decimals; adds up to the project's budget"),
    ("currency", "ISO 4217 currency code"),
)


class TargetLink(NamedTuple):
    goal: int
    code: str
    share: Decimal | None  # percent; blank on every link of a project means an equal split


# Not frozen: a frozen dataclass sets each of its two dozen fields through
# object.__setattr__, which was a tenth of a 100,000-project export.
@dataclass(slots=True)
class ProjectRecord:
    """A project and its links as plain values (codes, not names), ready to write."""

    code: str
    title: str
    description: str
    status: int
    status_name: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    budget: Decimal
    currency: str
    targets: tuple[TargetLink, ...] = ()
    sectors: tuple[tuple[str, Decimal | None], ...] = ()  # (code, share)
    places: tuple[tuple[str, Decimal | None], ...] = ()
    funding: tuple[str, ...] = ()  # organisation acronyms, per IATI role
    accountable: tuple[str, ...] = ()
    extending: tuple[str, ...] = ()
    implementing: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    source: str = "manual"
    is_illustrative: bool = False
    version: int = 1
    updated_at: datetime | None = None
    # Filled only for IATI (``export_records(..., with_iati=True)``); the CSV writes none.
    language: str = "en"
    texts: tuple[tuple[str, str, str], ...] = ()  # (language, title, description)
    recipients: tuple[Recipient, ...] = ()
    other_sectors: tuple[OtherSector, ...] = ()
    parent_code: str = ""  # a component's project


@cache
def _number(value: Decimal) -> str:
    """A share without trailing zeros: 50, 33.33, 12.5."""
    text = format(value.quantize(CENT), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _money(value: Decimal) -> str:
    return format(value.quantize(CENT, ROUND_HALF_UP), "f")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    # SQLite hands back naive datetimes; the tracker stores UTC.
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_shares(links: Sequence[tuple[str, Decimal | None]]) -> str:
    if all(share is None for _, share in links):
        return LIST_SEPARATOR.join(code for code, _ in links)
    return LIST_SEPARATOR.join(
        f"{code} ({_number(share)}%)" if share is not None else code for code, share in links
    )


TEXT_LANGUAGES = ("kk", "ru", "en")


def _texts(record: ProjectRecord) -> list[str]:
    """Title and description in each language other than the project's own, or blanks."""
    texts = {language: (title, description) for language, title, description in record.texts}
    return [part for language in TEXT_LANGUAGES for part in texts.get(language, ("", ""))]


def wide_row(record: ProjectRecord) -> list[str]:
    goals = sorted({link.goal for link in record.targets})
    return [
        record.code, record.title, record.description, str(record.status), record.status_name,
        _day(record.planned_start), _day(record.planned_end),
        _day(record.actual_start), _day(record.actual_end),
        _money(record.budget), record.currency,
        LIST_SEPARATOR.join(map(str, goals)),
        _with_shares([(link.code, link.share) for link in record.targets]),
        _with_shares(record.sectors), _with_shares(record.places),
        LIST_SEPARATOR.join(record.funding), LIST_SEPARATOR.join(record.accountable),
        LIST_SEPARATOR.join(record.extending), LIST_SEPARATOR.join(record.implementing),
        LIST_SEPARATOR.join(record.documents),
        record.source, "yes" if record.is_illustrative else "no", str(record.version),
        _moment(record.updated_at), record.language, *_texts(record), record.parent_code,
    ]  # fmt: skip


def split_exactly(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """``total`` x each share / 100 in cents; the last part takes the rounding remainder,
    so the parts add up to ``total`` exactly."""
    if not shares:
        return []
    parts = [(total * share / SHARE_TOTAL).quantize(CENT, ROUND_HALF_UP) for share in shares[:-1]]
    return [*parts, total - sum(parts, Decimal("0"))]


def long_rows(record: ProjectRecord) -> list[list[str]]:
    """One row per SDG target; a project without targets gets one row without a target, so
    its budget still counts once."""
    budget = record.budget.quantize(CENT, ROUND_HALF_UP)
    head = [record.code, record.title, str(record.status)]
    if not record.targets:
        return [[*head, "", "", "100", _money(budget), record.currency]]
    shares = split_exactly(SHARE_TOTAL, effective_shares([t.share for t in record.targets]))
    amounts = split_exactly(budget, shares)
    return [
        [*head, str(link.goal), link.code, _number(share), _money(amount), record.currency]
        for link, share, amount in zip(record.targets, shares, amounts, strict=True)
    ]


class ProjectCsv:
    """Writes records in one shape as a stream of encoded chunks; counts the rows written."""

    def __init__(self, shape: str = "wide", *, bom: bool = True, delimiter: str = ",") -> None:
        if shape not in SHAPES:
            raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
        if delimiter not in DELIMITERS.values():
            raise ValueError(f"delimiter must be , or ;, not {delimiter!r}")
        self.shape, self.bom, self.delimiter = shape, bom, delimiter
        self.rows = 0  # data rows written so far, without the header
        self.projects = 0

    @property
    def header(self) -> list[str]:
        return [name for name, _ in (WIDE_COLUMNS if self.shape == "wide" else LONG_COLUMNS)]

    def stream(
        self, records: Iterable[ProjectRecord], rows_per_chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[bytes]:
        """The header, then the records' rows, about ``rows_per_chunk`` rows per chunk."""

        def rows_of_each() -> Iterator[list[list[str]]]:
            for record in records:
                rows = [wide_row(record)] if self.shape == "wide" else long_rows(record)
                self.projects += 1
                self.rows += len(rows)
                yield rows

        return csv_chunks(self.header, rows_of_each(), bom=self.bom, delimiter=self.delimiter,
                          rows_per_chunk=rows_per_chunk)  # fmt: skip


def csv_chunks(
    header: Sequence[str],
    row_groups: Iterable[Sequence[Sequence[str]]],
    *,
    bom: bool = True,
    delimiter: str = ",",
    rows_per_chunk: int = ROWS_PER_CHUNK,
) -> Iterator[bytes]:
    """A CSV file in encoded chunks of about ``rows_per_chunk`` rows: the header, then each
    group's rows (the rows of one project, one change...), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(header)
    pending = 0
    for rows in row_groups:
        writer.writerows(
            ["'" + cell if cell[:1] in FORMULA_FIRST else cell for cell in row] for row in rows
        )
        pending += len(rows)
        if pending >= rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if text := buffer.getvalue():
        yield text.encode("utf-8")
