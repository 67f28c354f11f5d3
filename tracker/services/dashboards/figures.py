"""The dashboards' bar charts: projects or budget by status, SDG goal, sector, region and
UN agency, each bar with the register query for the projects behind it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker.i18n import localized
from tracker.models import (
    ActivityStatus,
    Goal,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    SectorCategory,
)
from tracker.services.dashboards.portfolio import currency_choice
from tracker.services.portfolio import allocation
from tracker.services.portfolio.allocation import kept
from tracker.services.portfolio.components import budget_with_components
from tracker.services.register.search import AGENCY_ROLES, RegisterFilters, filtered_select
from tracker.vocabulary import MODES, status_label


def project_ids(filters: RegisterFilters) -> Select | None:
    """The ids of the projects behind the figures: the register's own query, so a drill-down
    to the register lists exactly them; None when nothing is filtered (all top-level
    projects: ``kept`` leaves components out, their budgets count in their projects').

    Every currency: on the dashboards ``currency`` says which budgets are shown, not which
    projects are counted (see ``scope``)."""
    counted = replace(filters, currency=None)
    return filtered_select(counted, Project.id) if counted.is_filtered else None


@dataclass(frozen=True)
class Scope:
    """What a chart's bars measure: the projects, the unit, and what a bar's drill-down adds
    so the register lists exactly the projects behind it."""

    ids: Select | None
    unit: str  # "projects" or a currency
    drill: tuple[tuple[str, str], ...] = ()


def scope(session: Session, filters: RegisterFilters, mode: str, currency: str | None) -> Scope:
    """Counts take every project; amounts only those budgeted in ``currency`` (by default
    the filters' currency, or the one most of the projects use), never adding currencies."""
    if mode == "projects":
        return Scope(project_ids(filters), "projects")
    currency = currency or currency_choice(session, project_ids(filters), filters.currency).currency
    in_currency = replace(filters, currency=currency)
    return Scope(filtered_select(in_currency, Project.id), currency, (("currency", currency),))


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: Decimal | int
    colour_class: str = ""
    drill: tuple[tuple[str, str], ...] = ()  # register query pairs added to the filters


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    unit: str  # "projects" or a currency
    bars: list[Bar]
    note: str = ""  # a sentence saying what the bars count
    item: str = ""  # what a bar stands for: the heading of the table's first column

    @property
    def maximum(self) -> Decimal | int:
        return max((bar.value for bar in self.bars), default=0) or 1

    @property
    def total(self) -> Decimal | int:
        return sum((bar.value for bar in self.bars), 0)


def _value(row: allocation.Allocation, mode: str):
    return row.projects if mode == "projects" else row.budget_allocated


def _note(mode: str) -> str:
    return str(MODES[mode])


def goal_chart(
    session: Session, filters: RegisterFilters, mode: str, currency: str | None = None
) -> Chart:
    measured = scope(session, filters, mode, currency)
    rows = {row.key: row for row in allocation.by_goal(session, measured.ids)}
    bars = [
        Bar(str(goal.number), f"{goal.number} {localized(goal, 'short_title')[0]}",
            _value(rows[goal.number], mode) if goal.number in rows else 0,
            f"goal-{goal.number}", (("goal", str(goal.number)), *measured.drill))
        for goal in session.scalars(select(Goal).order_by(Goal.number))
    ]  # fmt: skip
    if None in rows:
        bars.append(Bar("none", _("No SDG target"), _value(rows[None], mode), "bar-none"))
    return Chart("goals", _("By SDG goal"), measured.unit, bars, _note(mode), _("SDG goal"))


def sector_chart(
    session: Session, filters: RegisterFilters, mode: str, currency: str | None = None
) -> Chart:
    measured = scope(session, filters, mode, currency)
    rows = allocation.by_sector_category(session, measured.ids)
    names = dict(session.execute(select(SectorCategory.code, SectorCategory.name)).all())
    bars = [
        Bar(row.key or "none", f"{row.key} {names.get(row.key, '')}" if row.key else _("No sector"),
            _value(row, mode), "bar-sector",
            (("sector", row.key), *measured.drill) if row.key else ())
        for row in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    return Chart("sectors", _("By sector category (OECD DAC)"), measured.unit, bars, _note(mode),
                 _("Sector category"))  # fmt: skip


def place_chart(
    session: Session, filters: RegisterFilters, mode: str, currency: str | None = None
) -> Chart:
    measured = scope(session, filters, mode, currency)
    rows = allocation.by_place(session, measured.ids)
    names = dict(session.execute(select(Place.code, Place.name)).all())
    bars = [
        Bar(row.key or "none", names.get(row.key, _("No place")) if row.key else _("No place"),
            _value(row, mode), "bar-place",
            (("place", row.key), *measured.drill) if row.key else ())
        for row in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    return Chart("places", _("By region"), measured.unit, bars, _note(mode), _("Region"))


def agency_chart(
    session: Session, filters: RegisterFilters, mode: str, currency: str | None = None
) -> Chart:
    """UN entities that lead or carry out projects (IATI roles accountable, extending,
    implementing); a project with several agencies counts under each."""
    measured = scope(session, filters, mode, currency)
    links = (
        select(ProjectOrganisation.project_id, ProjectOrganisation.organisation_id)
        .where(ProjectOrganisation.role.in_(AGENCY_ROLES))
        .where(kept(ProjectOrganisation.project_id, measured.ids))
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(Organisation.acronym, Organisation.name, func.count(),
               func.coalesce(func.sum(budget_with_components()), 0))
        .join(links, links.c.organisation_id == Organisation.id)
        .join(Project, Project.id == links.c.project_id)
        .where(Organisation.kind == "un_entity")
        .group_by(Organisation.acronym, Organisation.name)
    ).all()  # fmt: skip
    bars = [
        Bar(acronym, acronym, count if mode == "projects" else Decimal(budget), "bar-agency",
            (("agency", acronym), *measured.drill))
        for acronym, _name, count, budget in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    note = _("Projects each UN agency leads or carries out.") if mode == "projects" else _(
        "Whole budgets of the projects each UN agency leads or carries out; a project with "
        "several agencies counts under each, so these do not add up to the total."
    )  # fmt: skip
    return Chart("agencies", _("By UN agency"), measured.unit, bars, note, _("UN agency"))


def status_chart(
    session: Session, filters: RegisterFilters, mode: str, currency: str | None = None
) -> Chart:
    measured = scope(session, filters, mode, currency)
    rows = dict(
        (code, (count, budget))
        for code, count, budget in session.execute(
            select(Project.status, func.count(),
                   func.coalesce(func.sum(budget_with_components()), 0))
            .where(kept(Project.id, measured.ids))
            .group_by(Project.status)
        )
    )  # fmt: skip
    bars = []
    for code in session.scalars(select(ActivityStatus.code).order_by(ActivityStatus.code)):
        count, budget = rows.get(code, (0, 0))
        value = count if mode == "projects" else Decimal(budget)
        bars.append(Bar(str(code), status_label(code), value, f"bar-status-{code}",
                        (("status", str(code)), *measured.drill)))  # fmt: skip
    return Chart("statuses", _("By status"), measured.unit, bars,
                 _("Projects by IATI activity status.") if mode == "projects"
                 else _("Budget by IATI activity status."), _("Status"))  # fmt: skip
