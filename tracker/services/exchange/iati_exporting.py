"""The register's projects as IATI 2.03: the writer set up with the tracker's organisations
and the configured publisher, fed by the register's own export stream (filters, order)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import IATI_REPORTING_ORG_DEFAULTS
from tracker.formats.iati.money_writer import Published
from tracker.formats.iati.writer import ActivityWriter, Organisation, ReportingOrg
from tracker.models import Organisation as OrganisationRow
from tracker.models import Project
from tracker.services.exchange.exporting import export_records
from tracker.services.exchange.iati_money import published
from tracker.services.exchange.iati_results import stored_results
from tracker.services.register.filters import RegisterFilters

# The tracker's organisation kinds -> IATI OrganisationType, where the kind says enough.
ORGANISATION_TYPES = {"un_entity": "40", "government": "10"}


def reporting_org(config: Mapping[str, Any]) -> ReportingOrg:
    """The publisher from the app's config (IATI_REPORTING_ORG_REF, _NAME, _TYPE)."""
    value = {name: config.get(name) or default
             for name, default in IATI_REPORTING_ORG_DEFAULTS.items()}  # fmt: skip
    return ReportingOrg(
        value["IATI_REPORTING_ORG_REF"],
        value["IATI_REPORTING_ORG_NAME"],
        value["IATI_REPORTING_ORG_TYPE"],
    )


def activity_writer(session: Session, reporting: ReportingOrg) -> ActivityWriter:
    """A writer that knows every organisation's name and IATI identifier by acronym."""
    rows = session.execute(
        select(OrganisationRow.acronym, OrganisationRow.name, OrganisationRow.iati_ref,
               OrganisationRow.kind)
    )  # fmt: skip
    organisations = {
        acronym: Organisation(name, iati_ref or "", ORGANISATION_TYPES.get(kind, ""))
        for acronym, name, iati_ref, kind in rows
    }
    return ActivityWriter(reporting, organisations)


def export_iati(
    session: Session,
    filters: RegisterFilters,
    reporting: ReportingOrg,
    *,
    start_month: int | None = None,
) -> tuple[ActivityWriter, Iterator[bytes]]:
    """The writer (it counts the activities) and the document's chunks, streamed, with each
    project's budgets, transactions, planned disbursements and hierarchy (``iati_money``),
    its results and markers (``iati_results``).
    ``start_month`` starts the fiscal year (default: the app's FISCAL_YEAR_START_MONTH)."""
    if start_month is None:
        config = current_app.config if has_app_context() else {}
        start_month = config.get("FISCAL_YEAR_START_MONTH", 1)
    writer = activity_writer(session, reporting)

    def money(codes: Sequence[str]) -> dict[str, Published]:
        statement = select(Project.id, Project.code).where(Project.code.in_(codes))
        ids = dict(session.execute(statement).all())
        results = stored_results(session, list(ids))
        return {
            ids[project_id]: Published(found.money, found.parent, found.components,
                                       results.get(project_id))
            for project_id, found in published(session, list(ids), start_month).items()
        }  # fmt: skip

    return writer, writer.stream(export_records(session, filters, with_iati=True), money)
