"""What a plan holds: the projects to create and update, as the import will save them, with
their money as published and their place in the hierarchy, and every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from tracker.formats.records import ERROR, WARNING, Problem
from tracker.formats.result_records import ActivityResults
from tracker.services.exchange.importing.organisations import NewOrganisation
from tracker.services.exchange.importing.published import PlannedMoney
from tracker.services.exchange.importing.rules import ImportRules
from tracker.services.portfolio.projects import ProjectData
from tracker.services.portfolio.revisions import FieldChange, field_name

# Changes of the money and hierarchy, listed with the field changes; no field of the form.
MONEY_FIELDS = ("published_money", "parent", "published_results")
MONEY_FIELD_NAMES = {
    "published_money": _l("Budgets and transactions as published"),
    "parent": _l("Component of"),
    "published_results": _l("Results and markers as published"),
}


def change_name(field: str) -> str:
    """A planned change's name in the reader's language (the form's fields and these)."""
    return str(MONEY_FIELD_NAMES[field]) if field in MONEY_FIELD_NAMES else field_name(field)


@dataclass
class PlannedProject:
    """A project to create (``project_id`` None) or to update, as the import would save it."""

    where: str
    code: str
    data: ProjectData
    status: int  # the new project's status, or the status the update moves it to
    project_id: int | None = None
    version: int = 0  # the version the plan was made on; the save refuses any other
    from_status: int | None = None  # set when an update changes the status
    effective_date: date | None = None
    changes: list[FieldChange] = field(default_factory=list)
    source: str = "import"  # a new project's source: "import", or illustrative as the file says
    # IATI: the money as published and what it derives (None: the format has none), and the
    # parent's code (``sets_parent``: the file says where the project sits; None: top level).
    money: PlannedMoney | None = None
    parent: str | None = None
    sets_parent: bool = False
    # IATI: the results, policy markers and UN markers to store (None: leave them as they are).
    results: ActivityResults | None = None

    @property
    def changes_status(self) -> bool:
        return self.from_status is not None and self.from_status != self.status

    @property
    def changes_fields(self) -> bool:
        """Whether the form's fields change (not only the money or the hierarchy)."""
        return any(change.field not in MONEY_FIELDS for change in self.changes)


@dataclass
class ImportPlan:
    creates: list[PlannedProject]
    updates: list[PlannedProject]
    unchanged: list[str]  # codes
    problems: list[Problem]
    rules: ImportRules
    rejected: int = 0  # records left out because of their errors
    # Organisations the file names that the tracker lacks (the preview offers to create them).
    new_organisations: list[NewOrganisation] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == ERROR for problem in self.problems)

    @property
    def skipped(self) -> int:
        """How many records (CSV lines, IATI activities) are left out for their problems."""
        return len({problem.where.split("/")[0] for problem in self.problems if problem.skips})

    @property
    def status_changes(self) -> int:
        return sum(planned.changes_status for planned in self.updates)

    def fingerprint(self) -> str:
        """Equal for two plans that would do the same thing (confirm re-plans and compares).
        The problems' messages are in the reader's language, so preview and confirm compare
        the same words as long as the reader keeps the language."""
        parts = [
            (
                p.code,
                p.project_id,
                p.version,
                p.status,
                repr(p.data),
                p.effective_date,
                p.source,
                repr(p.money),
                p.parent,
                p.sets_parent,
                repr(p.results),
            )
            for p in (*self.creates, *self.updates)
        ]
        text = repr((parts, self.unchanged, self.problems))
        return hashlib.sha256(text.encode()).hexdigest()[:32]
