"""Words and rules that files, pages and services all use: status names, how shares split a
project, the organisation roles and the dashboards' counting modes.

It sits below both `tracker.formats` and `tracker.services` (it imports only the models'
constants and Babel), so a file format never reaches into the services for a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from tracker.models.project import (
    CANCELLED,
    CLOSED,
    FINALISATION,
    IMPLEMENTATION,
    PIPELINE,
    SUSPENDED,
)

# IATI activity statuses, in English for files (CSV, IATI, the API).
STATUS_NAMES = {
    PIPELINE: "Pipeline/identification",
    IMPLEMENTATION: "Implementation",
    FINALISATION: "Finalisation",
    CLOSED: "Closed",
    CANCELLED: "Cancelled",
    SUSPENDED: "Suspended",
}
# The same names as pages show them, in the reader's language.
STATUS_LABELS = {
    PIPELINE: _l("Pipeline/identification"),
    IMPLEMENTATION: _l("Implementation"),
    FINALISATION: _l("Finalisation"),
    CLOSED: _l("Closed"),
    CANCELLED: _l("Cancelled"),
    SUSPENDED: _l("Suspended"),
}


def status_label(code: int) -> str:
    """A status's name in the reader's language."""
    return str(STATUS_LABELS[code])


# Shares of a project (by SDG target, sector or place) are percentages adding up to this.
SHARE_TOTAL = Decimal("100")


def effective_shares(shares: Sequence[Decimal | None]) -> list[Decimal]:
    """The shares as applied: the given ones, or an equal split when all are blank."""
    if not shares:
        return []
    if all(share is None for share in shares):
        return [SHARE_TOTAL / len(shares)] * len(shares)
    return [share or Decimal("0") for share in shares]


# IATI organisation roles, by code, and the name files and forms give each.
ROLE_FIELDS = {1: "funding", 2: "accountable", 3: "extending", 4: "implementing"}

# What a chart's bars count in each mode: the note under the charts that split by item.
MODES = {
    "projects": _l("Projects touching each item (a project counts once under each item it "
                   "touches)."),
    "budget": _l("Budget allocated to each item (split by shares, equal split when none; adds "
                 "up to the total)."),
}  # fmt: skip
