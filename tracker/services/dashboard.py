"""The managers' dashboards: figures by status, SDG goal and target, sector, region, agency
and year, for the projects a set of filters keeps.

Every figure says which projects are behind it (``drill``: the register's query for them),
so a click on a bar opens exactly those projects.

Titles, notes and labels are in the reader's language (SDG goal and target texts from the
seed data's translations), so the figure cache keeps one entry per language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, extract, func, select
from sqlalchemy.orm import Session

from tracker.i18n import localized
from tracker.models import (
    ActivityStatus,
    Goal,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    Sector,
    SectorCategory,
    Target,
)
from tracker.services import allocation
from tracker.services.allocation import kept
from tracker.services.portfolio import HeadlineFigures, headline_figures
from tracker.services.project_texts import ShownText, shown_text
from tracker.services.register import (
    AGENCY_ROLES,
    END_DATE,
    START_DATE,
    RegisterFilters,
    filtered_select,
)
from tracker.services.statuses import status_label


def project_ids(filters: RegisterFilters):
    """The ids of the projects behind the figures: the register's own query, so a drill-down
    to the register lists exactly them; None when nothing is filtered (all projects)."""
    return filtered_select(filters, Project.id) if filters.is_filtered else None


# What a chart's bars count in each mode: the note under the charts that split by item.
MODES = {
    "projects": _l("Projects touching each item (a project counts once under each item it "
                   "touches)."),
    "budget": _l("Budget allocated to each item (split by shares, equal split when none; adds "
                 "up to the total)."),
}  # fmt: skip


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


@dataclass(frozen=True)
class YearRow:
    year: int
    starts: int
    completions: int
    active: int


@dataclass
class Overview:
    filters: RegisterFilters
    mode: str
    headline: HeadlineFigures
    charts: list[Chart] = field(default_factory=list)
    timeline: list[YearRow] = field(default_factory=list)


def _value(row: allocation.Allocation, mode: str):
    return row.projects if mode == "projects" else row.budget_allocated


def _unit(mode: str) -> str:
    return "projects" if mode == "projects" else "USD"


def _note(mode: str) -> str:
    return str(MODES[mode])


def goal_chart(session: Session, filters: RegisterFilters, mode: str) -> Chart:
    rows = {row.key: row for row in allocation.by_goal(session, project_ids(filters))}
    bars = [
        Bar(str(goal.number), f"{goal.number} {localized(goal, 'short_title')[0]}",
            _value(rows[goal.number], mode) if goal.number in rows else 0,
            f"goal-{goal.number}", (("goal", str(goal.number)),))
        for goal in session.scalars(select(Goal).order_by(Goal.number))
    ]  # fmt: skip
    if None in rows:
        bars.append(Bar("none", _("No SDG target"), _value(rows[None], mode), "bar-none"))
    return Chart("goals", _("By SDG goal"), _unit(mode), bars, _note(mode), _("SDG goal"))


def sector_chart(session: Session, filters: RegisterFilters, mode: str) -> Chart:
    rows = allocation.by_sector_category(session, project_ids(filters))
    names = dict(session.execute(select(SectorCategory.code, SectorCategory.name)).all())
    bars = [
        Bar(row.key or "none", f"{row.key} {names.get(row.key, '')}" if row.key else _("No sector"),
            _value(row, mode), "bar-sector",
            (("sector", row.key),) if row.key else ())
        for row in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    return Chart("sectors", _("By sector category (OECD DAC)"), _unit(mode), bars, _note(mode),
                 _("Sector category"))  # fmt: skip


def place_chart(session: Session, filters: RegisterFilters, mode: str) -> Chart:
    rows = allocation.by_place(session, project_ids(filters))
    names = dict(session.execute(select(Place.code, Place.name)).all())
    bars = [
        Bar(row.key or "none", names.get(row.key, _("No place")) if row.key else _("No place"),
            _value(row, mode), "bar-place", (("place", row.key),) if row.key else ())
        for row in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    return Chart("places", _("By region"), _unit(mode), bars, _note(mode), _("Region"))


def agency_chart(session: Session, filters: RegisterFilters, mode: str) -> Chart:
    """UN entities that lead or carry out projects (IATI roles accountable, extending,
    implementing); a project with several agencies counts under each."""
    ids = project_ids(filters)
    links = (
        select(ProjectOrganisation.project_id, ProjectOrganisation.organisation_id)
        .where(ProjectOrganisation.role.in_(AGENCY_ROLES))
        .where(kept(ProjectOrganisation.project_id, ids))
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(Organisation.acronym, Organisation.name, func.count(),
               func.coalesce(func.sum(Project.budget), 0))
        .join(links, links.c.organisation_id == Organisation.id)
        .join(Project, Project.id == links.c.project_id)
        .where(Organisation.kind == "un_entity")
        .group_by(Organisation.acronym, Organisation.name)
    ).all()  # fmt: skip
    bars = [
        Bar(acronym, acronym, count if mode == "projects" else Decimal(budget), "bar-agency",
            (("agency", acronym),))
        for acronym, _name, count, budget in rows
    ]  # fmt: skip
    bars.sort(key=lambda bar: bar.value, reverse=True)
    note = _("Projects each UN agency leads or carries out.") if mode == "projects" else _(
        "Whole budgets of the projects each UN agency leads or carries out; a project with "
        "several agencies counts under each, so these do not add up to the total."
    )  # fmt: skip
    return Chart("agencies", _("By UN agency"), _unit(mode), bars, note, _("UN agency"))


def status_chart(session: Session, filters: RegisterFilters, mode: str) -> Chart:
    ids = project_ids(filters)
    rows = dict(
        (code, (count, budget))
        for code, count, budget in session.execute(
            select(Project.status, func.count(), func.coalesce(func.sum(Project.budget), 0))
            .where(kept(Project.id, ids))
            .group_by(Project.status)
        )
    )  # fmt: skip
    bars = []
    for code in session.scalars(select(ActivityStatus.code).order_by(ActivityStatus.code)):
        count, budget = rows.get(code, (0, 0))
        value = count if mode == "projects" else Decimal(budget)
        bars.append(Bar(str(code), status_label(code), value, f"bar-status-{code}",
                        (("status", str(code)),)))  # fmt: skip
    return Chart("statuses", _("By status"), _unit(mode), bars,
                 _("Projects by IATI activity status.") if mode == "projects"
                 else _("Budget by IATI activity status."), _("Status"))  # fmt: skip


def timeline(session: Session, filters: RegisterFilters) -> list[YearRow]:
    """Per year: projects that started, that were completed, and that were active."""
    ids = project_ids(filters)
    start_year = extract("year", START_DATE)
    # An open project runs to today; a closed one to its actual end.
    end_year = extract("year", END_DATE)
    spans = session.execute(
        select(start_year, end_year, Project.status, func.count())
        .where(kept(Project.id, ids))
        .group_by(start_year, end_year, Project.status)
    ).all()
    completions = dict(session.execute(
        select(extract("year", Project.actual_end), func.count())
        .where(kept(Project.id, ids), Project.status == 4)
        .group_by(extract("year", Project.actual_end))
    ).all())  # fmt: skip
    starts, active = defaultdict(int), defaultdict(int)
    years = [int(y) for y, *_ in spans if y is not None]
    if not years:
        return []
    this_year = date.today().year
    for first, last, status, count in spans:
        if first is None:
            continue
        first = int(first)
        starts[first] += count
        open_ended = status in (1, 2, 3, 6)
        last = this_year if open_ended or last is None else min(int(last), this_year)
        for year in range(first, max(first, last) + 1):
            active[year] += count
    return [
        YearRow(year, starts[year], int(completions.get(year, 0) or 0), active[year])
        for year in range(min(years), this_year + 1)
    ]


def overview(session: Session, filters: RegisterFilters, mode: str = "projects") -> Overview:
    result = Overview(filters, mode, headline_figures(session, project_ids(filters)))
    result.charts = [
        status_chart(session, filters, mode),
        goal_chart(session, filters, mode),
        sector_chart(session, filters, mode),
        place_chart(session, filters, mode),
        agency_chart(session, filters, mode),
    ]
    result.timeline = timeline(session, filters)
    return result


@dataclass(frozen=True)
class TargetRow:
    """A target (its title in each language, for ``loc(row, "title")``) and its projects."""

    code: str
    title_en: str
    title_ru: str
    title_kk: str
    projects: list[tuple[int, str, ShownText]]  # (id, code, title in the language asked for)


def goal_detail(
    session: Session, goal: Goal, filters: RegisterFilters, language: str = "en"
) -> list[TargetRow]:
    """The goal's targets with the projects serving each; empty lists are the gaps.
    Project titles are in ``language`` where a project has it."""
    ids = project_ids(filters)
    served = defaultdict(list)
    for target_code, project_id, code, title, own_language, translated in session.execute(
        select(Target.code, Project.id, Project.code, Project.title, Project.language,
               ProjectText.title)
        .join(ProjectTarget, ProjectTarget.target_id == Target.id)
        .join(Project, Project.id == ProjectTarget.project_id)
        .outerjoin(ProjectText, (ProjectText.project_id == Project.id)
                   & (ProjectText.language == language))
        .where(Target.goal_number == goal.number, kept(Project.id, ids))
        .order_by(Project.code)
    ):  # fmt: skip
        shown = shown_text(title, own_language or "en", {language: translated or ""}, language)
        served[target_code].append((project_id, code, shown))
    return [
        TargetRow(t.code, t.title_en, t.title_ru, t.title_kk, served[t.code]) for t in goal.targets
    ]


class GoalName(NamedTuple):
    """A goal's number and short title in each language, for ``loc(goal, "short_title")``."""

    number: int
    short_title_en: str
    short_title_ru: str
    short_title_kk: str


@dataclass(frozen=True)
class Heatmap:
    measure: str
    rows: list[tuple[str, str]]  # sector categories (code, name)
    goals: list[GoalName]
    cells: dict[tuple[str, int], Decimal | int]

    @property
    def maximum(self):
        return max(self.cells.values(), default=0) or 1


def sector_goal_heatmap(session: Session, filters: RegisterFilters, measure: str) -> Heatmap:
    """Projects (or allocated budget) per DAC sector category and SDG goal."""
    ids = project_ids(filters)
    if measure == "projects":
        values = session.execute(
            select(Sector.category_code, Target.goal_number,
                   func.count(distinct(Project.id)))
            .join(ProjectSector, ProjectSector.sector_code == Sector.code)
            .join(Project, Project.id == ProjectSector.project_id)
            .join(ProjectTarget, ProjectTarget.project_id == Project.id)
            .join(Target, Target.id == ProjectTarget.target_id)
            .where(kept(Project.id, ids))
            .group_by(Sector.category_code, Target.goal_number)
        ).all()  # fmt: skip
    else:
        values = allocation.by_sector_category_and_goal(session, project_ids(filters))
    cells = {(category, goal): value for category, goal, value in values}
    used = sorted({category for category, _ in cells})
    names = dict(session.execute(select(SectorCategory.code, SectorCategory.name)).all())
    goals = session.execute(
        select(Goal.number, Goal.short_title_en, Goal.short_title_ru, Goal.short_title_kk)
        .order_by(Goal.number)
    )  # fmt: skip
    return Heatmap(measure, [(code, names.get(code, code)) for code in used],
                   [GoalName(*goal) for goal in goals], cells)  # fmt: skip
