"""What every import format reads into: one ``ImportRecord`` per project, and ``Problem``s.

CSV and IATI XML readers both produce these, so both share one validation and one upsert
path (``tracker.services.exchange.importing``). Values are parsed into Python types but not yet
checked against the database (unknown SDG targets, sectors, organisations and status rules
are the service's business).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from tracker.formats.result_records import ActivityResults

ERROR, WARNING = "error", "warning"
# Where a not-real record came from (as ``tracker.models.project.NOT_REAL_SOURCES``): a file
# carries the marker so that an illustrative record stays marked wherever it travels.
ILLUSTRATIVE_SOURCES = ("seed_illustration", "synthetic")

_LINE = re.compile(r"line (\d+)")


def line_of(where: str) -> int | None:
    """The line a CSV problem's ``where`` (``line 12``) names; None for an XML path."""
    match = _LINE.fullmatch(where)
    return int(match[1]) if match else None


def place(where: str) -> str:
    """``Problem.where`` for a reader: ``line 12`` in the reader's language; an XML element
    path stays as it is (it is written in the file's own element names)."""
    line = line_of(where)
    return _("line %(line)s", line=line) if line is not None else where


def severity_label(severity: str) -> str:
    return {ERROR: _("error"), WARNING: _("warning")}.get(severity, severity)


Shares = list[tuple[str, Decimal | None]]  # (code, percent or None)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an input file, where it is and how bad.

    An *error* blocks the whole import; a *warning* is reported and the import goes on.
    ``where`` is what a person looks for in the file: ``line 12`` for CSV, an element path
    such as ``iati-activity[3]/budget[2]`` for XML; ``column`` names the CSV column or the
    XML attribute when there is one.
    """

    where: str
    column: str
    severity: str
    message: str
    code: str = ""  # the project code the problem belongs to, when known
    skips: bool = False  # the record it belongs to is left out, and the import goes on


@dataclass(frozen=True, slots=True)
class OrganisationRef:
    """An organisation as a file names it: an acronym (CSV) or an IATI ref and name (IATI)."""

    role: int  # IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing
    acronym: str = ""
    iati_ref: str = ""
    name: str = ""
    type: str = ""  # IATI OrganisationType code, when the file gives it


@dataclass(frozen=True, slots=True)
class Recipient:
    """A recipient country or region that is not one of the tracker's places."""

    kind: str  # "country" or "region"
    code: str
    vocabulary: str = ""
    name: str = ""
    share: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OtherSector:
    """A sector in a vocabulary that is not DAC 5-digit nor SDG, kept as published."""

    vocabulary: str
    code: str
    name: str = ""
    share: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """The provider or receiver of money as an IATI file names it."""

    ref: str = ""
    name: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True)
class BudgetRecord:
    """An IATI ``budget`` as published: type 1 original / 2 revised, status 1 indicative /
    2 committed, for one period."""

    type: int
    status: int
    period_start: date
    period_end: date
    value: Decimal
    currency: str
    value_date: date | None = None
    where: str = field(default="", compare=False, repr=False)  # the element's path, for problems


@dataclass(frozen=True, slots=True)
class TransactionRecord:
    """An IATI ``transaction`` as published (a negative value is a correction, kept)."""

    type: int  # TransactionType: 1 incoming funds, 2 commitment, 3 disbursement, ...
    transaction_date: date
    value: Decimal
    currency: str
    value_date: date | None = None
    provider: Party = Party()
    receiver: Party = Party()
    description: str = ""
    where: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PlannedDisbursementRecord:
    """An IATI ``planned-disbursement`` as published."""

    type: int | None
    period_start: date
    period_end: date | None
    value: Decimal
    currency: str
    value_date: date | None = None
    provider: Party = Party()
    receiver: Party = Party()
    where: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class ActivityMoney:
    """An activity's money as published, in the order written."""

    budgets: tuple[BudgetRecord, ...] = ()
    transactions: tuple[TransactionRecord, ...] = ()
    planned_disbursements: tuple[PlannedDisbursementRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class RelatedActivity:
    """An IATI ``related-activity``: type 1 names the parent, 2 a child."""

    type: int
    ref: str


PARENT, CHILD = 1, 2


@dataclass
class ImportRecord:
    """One project as a file describes it.

    ``None`` means "the file does not say": an update leaves that field as it is. An empty
    list for a link field that the file *does* carry (a CSV column that is present but
    blank) means "no links"; readers use ``None`` for link fields their format lacks.
    """

    where: str  # as in Problem.where: the line or element the record starts at
    code: str
    title: str | None = None
    description: str | None = None
    language: str | None = None  # language of title and description (ISO 639-1)
    texts: dict[str, tuple[str, str]] | None = None  # other language -> (title, description)
    status: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    targets: Shares | None = None  # SDG target codes such as "3.8"
    goals: list[int] | None = None  # goals a file names without a target (IATI tag vocab 2)
    sectors: Shares | None = None  # DAC 5-digit codes
    places: Shares | None = None  # the tracker's place codes (KZ, KZ-75, CENTRAL-ASIA)
    recipients: list[Recipient] | None = None
    other_sectors: list[OtherSector] | None = None
    organisations: list[OrganisationRef] | None = None
    documents: list[str] | None = None  # strategic document codes
    # True: the file marks the record illustrative (generated, not a real project); False:
    # it says the record is real; None: it does not say. ``source`` names which kind of
    # illustrative record (one of ILLUSTRATIVE_SOURCES) when the file tells.
    illustrative: bool | None = None
    source: str = ""
    # Optional fields the file carries but leaves blank (e.g. an empty actual_end cell): an
    # update clears them, whereas None alone means "the file does not say".
    cleared: frozenset[str] = frozenset()
    # IATI only (None for formats without them): the activity's identifier as published,
    # its reporting organisation's ref, its hierarchy level and related activities, and its
    # money as published.
    identifier: str = ""
    reporting_ref: str = ""
    hierarchy: int | None = None
    related: list[RelatedActivity] | None = None
    budgets: list[BudgetRecord] | None = None
    transactions: list[TransactionRecord] | None = None
    planned_disbursements: list[PlannedDisbursementRecord] | None = None
    # IATI only: the activity's results, policy markers and UN markers (None: no such parts).
    results: ActivityResults | None = None
    # Dates that only matter to an unchanged/changed comparison are not carried.
    extra: dict[str, str] = field(default_factory=dict)  # format-specific notes for the report
