"""The funding dashboard's sums, in SQL: annual figures grouped by currency, year (or one
fiscal year) and a dimension, so Python converts a few hundred groups, never the rows.

Every function takes ``project_ids``, a SELECT of the projects behind the figures (None: all).
A component's figures belong to its top-level project (``OWNER``): they are kept when that
project is one of them, and split by that project's goals, regions, agencies, documents.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from tracker.models import (
    AnnualFigure,
    Organisation,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectTarget,
    Target,
)
from tracker.models.finance import AVAILABLE
from tracker.models.project import project_documents
from tracker.services.portfolio.allocation import HUNDRED, allocated_shares, kept
from tracker.services.register.search import AGENCY_ROLES, FUNDING_MEASURES

# The project a row's money counts for: a component's goes to its top-level project.
OWNER = func.coalesce(Project.parent_id, Project.id)

# (key, currency, measure, amount) for one fiscal year; key None: no link in the dimension.
Sums = list[tuple[object, str, str, Decimal]]
# (key, projects) for one fiscal year: distinct top-level projects with figures under a key.
Counts = dict[object, int]


def _figures(project_ids: Select | None, *columns):
    """SELECT ``columns`` from the funding measures' rows of the projects (and components)."""
    return (
        select(*columns)
        .select_from(AnnualFigure)
        .join(Project, Project.id == AnnualFigure.project_id)
        .where(AnnualFigure.measure.in_(FUNDING_MEASURES), kept(OWNER, project_ids))
    )


def _amount(value) -> Decimal:
    # SQLite hands sums back as floats: round to cents as the stored amounts are.
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def by_year(session: Session, project_ids: Select | None) -> list[tuple[int, str, str, Decimal]]:
    """(year, currency, measure, amount) over every year."""
    rows = session.execute(
        _figures(project_ids, AnnualFigure.year, AnnualFigure.currency, AnnualFigure.measure,
                 func.sum(AnnualFigure.amount))
        .group_by(AnnualFigure.year, AnnualFigure.currency, AnnualFigure.measure)
    )  # fmt: skip
    return [(year, currency, measure, _amount(total)) for year, currency, measure, total in rows]


def projects_by_year(session: Session, project_ids: Select | None) -> dict[int, int]:
    """Per year, the projects with figures in it (as the register's year filter counts)."""
    return dict(
        session.execute(
            _figures(project_ids, AnnualFigure.year, func.count(distinct(OWNER))).group_by(
                AnnualFigure.year
            )
        ).all()
    )


def projects_by_currency_year(
    session: Session, project_ids: Select | None, pairs: set[tuple[str, int]]
) -> dict[tuple[str, int], int]:
    """For the (currency, year) pairs given (those without a rate), the projects with
    figures in them: what a missing rate leaves out. No query when every amount converted."""
    if not pairs:
        return {}
    currencies, years = {code for code, _ in pairs}, {year for _, year in pairs}
    rows = session.execute(
        _figures(project_ids, AnnualFigure.currency, AnnualFigure.year,
                 func.count(distinct(OWNER)))
        .where(AnnualFigure.currency.in_(currencies), AnnualFigure.year.in_(years))
        .group_by(AnnualFigure.currency, AnnualFigure.year)
    )  # fmt: skip
    return {(code, year): count for code, year, count in rows if (code, year) in pairs}


def _split(session: Session, project_ids, year: int, per_key) -> tuple[Sums, Counts]:
    """Sums and counts of one year's rows, split by ``per_key``'s shares (project_id, key,
    share in percent; a project absent from it gets key None and all of its money)."""
    joined = (
        _figures(project_ids)
        .outerjoin(per_key, per_key.c.project_id == OWNER)
        .where(AnnualFigure.year == year)
    )
    share = func.coalesce(per_key.c.share, HUNDRED) / HUNDRED
    sums = session.execute(
        joined.add_columns(per_key.c.key, AnnualFigure.currency, AnnualFigure.measure,
                           func.sum(AnnualFigure.amount * share))
        .group_by(per_key.c.key, AnnualFigure.currency, AnnualFigure.measure)
    ).all()  # fmt: skip
    counts = session.execute(
        joined.add_columns(per_key.c.key, func.count(distinct(OWNER))).group_by(per_key.c.key)
    ).all()
    return (
        [(key, currency, measure, _amount(total)) for key, currency, measure, total in sums],
        dict(counts),
    )


def by_goal(session: Session, project_ids: Select | None, year: int) -> tuple[Sums, Counts]:
    """Split by the top-level project's SDG goal shares, as the overview splits budgets."""
    shares = allocated_shares(project_ids, ProjectTarget, Target.goal_number,
                     (Target, Target.id == ProjectTarget.target_id))  # fmt: skip
    return _split(session, project_ids, year, shares)


def by_place(session: Session, project_ids: Select | None, year: int) -> tuple[Sums, Counts]:
    """Split by the top-level project's region shares."""
    return _split(session, project_ids, year,
                  allocated_shares(project_ids, ProjectPlace, ProjectPlace.place_code))  # fmt: skip


def _whole(links) -> Select:
    """Links carrying no share: every linked key takes the project's whole money."""
    return select(links.c.project_id, links.c.key, HUNDRED.label("share")).subquery()


def by_agency(session: Session, project_ids: Select | None, year: int) -> tuple[Sums, Counts]:
    """Whole money under each UN agency that leads or carries out the project."""
    links = (
        select(ProjectOrganisation.project_id.label("project_id"),
               Organisation.acronym.label("key"))
        .join(Organisation, Organisation.id == ProjectOrganisation.organisation_id)
        .where(ProjectOrganisation.role.in_(AGENCY_ROLES), Organisation.kind == "un_entity",
               kept(ProjectOrganisation.project_id, project_ids))
        .distinct()
        .subquery()
    )  # fmt: skip
    return _split(session, project_ids, year, _whole(links))


def by_document(session: Session, project_ids: Select | None, year: int) -> tuple[Sums, Counts]:
    """Whole money under each strategic document the project is aligned to."""
    links = (
        select(project_documents.c.project_id.label("project_id"),
               project_documents.c.document_id.label("key"))
        .where(kept(project_documents.c.project_id, project_ids))
        .subquery()
    )  # fmt: skip
    return _split(session, project_ids, year, _whole(links))


def by_funder(session: Session, project_ids: Select | None, year: int) -> tuple[Sums, Counts]:
    """Available money by the funder that secured it (None: no funder named)."""
    rows = _figures(project_ids).where(AnnualFigure.year == year,
                                       AnnualFigure.measure == AVAILABLE)  # fmt: skip
    sums = session.execute(
        rows.add_columns(AnnualFigure.funder_id, AnnualFigure.currency, AnnualFigure.measure,
                         func.sum(AnnualFigure.amount))
        .group_by(AnnualFigure.funder_id, AnnualFigure.currency, AnnualFigure.measure)
    ).all()  # fmt: skip
    counts = session.execute(
        rows.add_columns(AnnualFigure.funder_id, func.count(distinct(OWNER))).group_by(
            AnnualFigure.funder_id
        )
    ).all()
    return [(k, c, m, _amount(t)) for k, c, m, t in sums], dict(counts)
