"""The rules an imported project must keep, and how strictly each file format is held to them.

The rules are the form's own (``rule_problems``); an import adds the column limits the form
enforces through its fields, and a warning for IATI activities without SDG targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from tracker.formats.records import ERROR, WARNING, ImportRecord
from tracker.models.project import NOT_REAL_SOURCES
from tracker.services.exchange.importing.limits import check_limits
from tracker.services.portfolio.projects import ProjectData, rule_problems

if TYPE_CHECKING:
    from tracker.services.exchange.importing.resolve import Resolver

# The form's field names -> the file's column names, for the problems' "column".
COLUMNS = {"targets": "sdg_targets", "documents": "strategic_documents"}


@dataclass(frozen=True)
class ImportRules:
    """How strict an import is: CSV files follow the form; IATI files often carry no SDG
    targets and name organisations the tracker does not know."""

    require_targets: bool = True
    unknown_organisations: str = ERROR  # WARNING: reported and left out
    # IATI: a record with errors is skipped (its errors reported as warnings) and the rest
    # imported, since nobody can fix another agency's published file; CSV: errors block.
    skip_invalid: bool = False


RULES = {
    "csv": ImportRules(),
    "xml": ImportRules(require_targets=False, unknown_organisations=WARNING, skip_invalid=True),
}


def check_rules(
    resolver: Resolver, data: ProjectData, status: int, rules: ImportRules, today: date
) -> None:
    """Report, through ``resolver``, every rule that ``data`` in ``status`` breaks."""
    if not check_limits(resolver, data, resolver.reference.limits):
        return  # the rules compare the budget, which is not even a number the tracker keeps
    found = rule_problems(data, status, today=today, require_targets=rules.require_targets)
    for name, messages in found.items():
        for message in messages:
            resolver.add(COLUMNS.get(name, name), message)
    if not data.targets and not rules.require_targets:
        resolver.add(
            "sdg_targets", _("No SDG target: the project will not count under any goal."), WARNING
        )


def new_source(record: ImportRecord) -> str:
    """A new project's source: illustrative as the file marks it (so a generated record
    stays marked wherever it travels), else ``import``."""
    if not record.illustrative:
        return "import"
    return record.source if record.source in NOT_REAL_SOURCES else NOT_REAL_SOURCES[0]


def check_illustrative(resolver: Resolver, record: ImportRecord, is_illustrative: bool) -> None:
    """An import never changes whether a project is real. A record the file marks
    illustrative must not overwrite a real project (demonstration data would pass for real
    data): an error. A real-marked record keeps an illustrative project illustrative."""
    if record.illustrative and not is_illustrative:
        resolver.add(
            "is_illustrative",
            _("The file marks %(code)s as an illustrative record, but in the tracker it is a "
              "real project, and an illustrative record cannot change a real one. Leave the "
              "record out, or mark it as real if it is.", code=record.code),
        )  # fmt: skip
    elif record.illustrative is False and is_illustrative:
        resolver.add(
            "is_illustrative",
            _("The file marks %(code)s as real, but in the tracker it is an illustrative "
              "record; it stays illustrative (an import never makes an illustrative record "
              "real).", code=record.code),
            WARNING,
        )  # fmt: skip
