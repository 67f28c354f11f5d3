"""The annual figures of the register's projects as long finance rows, streamed.

The projects are the register's selection in the register's order (``ordered_select``),
read in batches; each batch's figures come in one query, so memory stays flat however many
projects there are. Within a project: by year, then measure as the forms show them, then
currency and funder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_finance import FinanceRow
from tracker.models import NOT_REAL_SOURCES, AnnualFigure, Organisation, Project
from tracker.models.finance import MEASURES
from tracker.services.register.filters import RegisterFilters
from tracker.services.register.search import ordered_select

BATCH_SIZE = 500
MEASURE_ORDER = {measure: index for index, measure in enumerate(MEASURES)}


def finance_rows(
    session: Session, filters: RegisterFilters, *, batch_size: int = BATCH_SIZE
) -> Iterator[FinanceRow]:
    """One row per annual figure of the projects the register shows for ``filters``."""
    statement = ordered_select(filters, Project.id, Project.code, Project.title, Project.source)
    # The projects stream from a cursor; each batch's figures are read beside it.
    result = session.connection().execute(statement, execution_options={"yield_per": batch_size})
    for batch in result.partitions():
        yield from _rows_of(session, batch)


def _rows_of(session: Session, projects: list[Any]) -> Iterator[FinanceRow]:
    figures = defaultdict(list)
    statement = (
        select(AnnualFigure.project_id, AnnualFigure.year, AnnualFigure.measure,
               AnnualFigure.amount, AnnualFigure.currency, Organisation.acronym,
               Organisation.iati_ref, AnnualFigure.correction, AnnualFigure.note)
        .outerjoin(Organisation, Organisation.id == AnnualFigure.funder_id)
        .where(AnnualFigure.project_id.in_([row[0] for row in projects]))
    )  # fmt: skip
    for row in session.execute(statement):
        figures[row[0]].append(row)
    for project_id, code, title, source in projects:
        own = sorted(
            figures.get(project_id, ()),
            key=lambda f: (f.year, MEASURE_ORDER.get(f.measure, 99), f.currency,
                           (f.acronym or "").lower()),
        )  # fmt: skip
        for figure in own:
            yield FinanceRow(
                project_code=code, project_title=title, year=figure.year,
                measure=figure.measure, amount=figure.amount, currency=figure.currency,
                funder=figure.acronym or "", funder_iati_ref=figure.iati_ref or "",
                correction=bool(figure.correction), note=figure.note or "",
                is_illustrative=source in NOT_REAL_SOURCES,
            )  # fmt: skip
