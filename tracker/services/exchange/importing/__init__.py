"""Importing projects from files: one validation and one upsert path for every format.

A reader (``tracker.formats.csv_import``, ``tracker.formats.iati``) turns a file into
``ImportRecord``s and ``Problem``s. ``plan_import`` checks them against the database and the
form's rules and says what would be created, updated or left unchanged, writing nothing;
``apply_import`` saves a plan without errors through the form's own code paths and only
flushes, so the caller commits once (or rolls back, and nothing happened).

    records, problems = read_projects_csv(data)
    plan = plan_import(session, records, problems, rules=RULES["csv"])
    if not plan.has_errors:
        result = apply_import(session, plan, user, file_name="projects.csv")
        session.commit()
"""

from tracker.services.exchange.importing.apply import ImportRefused, ImportResult, apply_import
from tracker.services.exchange.importing.plan import (
    RULES,
    ImportPlan,
    ImportRules,
    PlannedProject,
    plan_creating_organisations,
    plan_import,
)

__all__ = [
    "RULES",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "ImportRules",
    "PlannedProject",
    "apply_import",
    "plan_creating_organisations",
    "plan_import",
]
