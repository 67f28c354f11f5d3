"""The markers dashboard: how much of the portfolio is coded with a Gender Equality Marker
or Human Rights Marker of 2 or 3, by count and by budget, overall, by UN agency and by SDG
goal, for the projects the dashboards' filters keep.

"Not yet coded" (no marker row) is counted on its own and never as 0: shares are of the
*coded* projects. Budgets are in the reporting currency, converted as the register's total
converts them (``finance.funding.budgets``: required figures at their fiscal year's rate,
else the budget at its start year's); money without a rate is left out and its projects
counted. Every figure carries the register filters (``drill``) that list exactly its
projects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.i18n import localized
from tracker.models import Goal, Organisation, Project, ProjectOrganisation, ProjectTarget, Target
from tracker.models.results import UN_MARKERS, ProjectMarker
from tracker.services.finance.funding.budgets import budget_parts
from tracker.services.finance.funding.converted import Converter
from tracker.services.finance.funding.sums import _amount
from tracker.services.finance.rates import yearly_rates
from tracker.services.register.filters import CODED, HIGH_SCORES, NOT_CODED, marker_filter
from tracker.services.register.search import AGENCY_ROLES, RegisterFilters, filtered_select

Drill = tuple[tuple[str, str], ...]


@dataclass
class MarkerShare:
    """One marker's figures for a group of projects."""

    marker: str
    projects: int = 0  # in the group
    coded: int = 0
    high: int = 0  # scored 2 or 3
    budget_coded: Decimal = Decimal(0)  # in the reporting currency, what has a rate
    budget_high: Decimal = Decimal(0)

    @property
    def not_coded(self) -> int:
        return self.projects - self.coded

    @property
    def project_share(self) -> Decimal | None:
        """Share of the coded projects scored 2-3; None when none is coded."""
        return Decimal(self.high) / self.coded if self.coded else None

    @property
    def budget_share(self) -> Decimal | None:
        return self.budget_high / self.budget_coded if self.budget_coded else None

    def drill(self, which: str) -> Drill:
        """The register filter for "coded", "not_coded" or "high" projects of this marker."""
        value = {"coded": CODED, "not_coded": NOT_CODED, "high": HIGH_SCORES}[which]
        return ((marker_filter(self.marker), value),)


@dataclass
class MarkerRow:
    """A group of projects (all, one agency, one goal) and both markers' figures."""

    key: str
    label: str
    drill: Drill
    shares: dict[str, MarkerShare] = field(default_factory=dict)

    @property
    def projects(self) -> int:
        return next(iter(self.shares.values())).projects


@dataclass
class MarkerDashboard:
    currency: str  # the reporting currency
    overall: MarkerRow
    scores: dict[str, dict[int | None, int]]  # marker -> score (None: not coded) -> projects
    agencies: list[MarkerRow]
    goals: list[MarkerRow]
    left_out_projects: int  # some of whose budget has no rate
    left_out_pairs: tuple[tuple[str, int | None], ...]
    sources: tuple[str, ...]


def _row(key: str, label: str, drill: Drill) -> MarkerRow:
    return MarkerRow(key, label, drill, {m: MarkerShare(m) for m in UN_MARKERS})


def _add(row: MarkerRow, project_id: int, scores: dict, budgets: dict) -> None:
    budget = budgets.get(project_id, Decimal(0))
    for marker, share in row.shares.items():
        share.projects += 1
        score = scores[marker].get(project_id)
        if score is None:
            continue
        share.coded += 1
        share.budget_coded += budget
        if score >= 2:
            share.high += 1
            share.budget_high += budget


def project_budgets(
    session: Session, filters: RegisterFilters, currency: str, start_month: int
) -> tuple[dict[int, Decimal], set[int], Converter]:
    """Each filtered project's budget in ``currency`` (the money that has a rate), and the
    projects some of whose money has none."""
    parts = budget_parts(filters, start_month)
    rows = session.execute(
        select(parts.c.owner, parts.c.currency, parts.c.year, func.sum(parts.c.amount))
        .group_by(parts.c.owner, parts.c.currency, parts.c.year)
    ).all()  # fmt: skip
    converter = Converter(yearly_rates(session, currency, start_month))
    budgets: dict[int, Decimal] = defaultdict(Decimal)
    left_out: set[int] = set()
    for owner, code, year, amount in rows:
        amount = _amount(amount)
        year = int(year) if year is not None else -1
        converted = converter.amount(amount, code, year)
        if converted is not None:
            budgets[owner] += converted
        elif amount:
            left_out.add(owner)
        else:
            converter.missing.discard((code, year))
    return budgets, left_out, converter


def marker_dashboard(
    session: Session, filters: RegisterFilters, *, currency: str, start_month: int = 1
) -> MarkerDashboard:
    """Every figure of the markers dashboard (see the module's note)."""
    filters = replace(filters, currency=None)  # counts take projects in every currency
    ids = filtered_select(filters, Project.id)
    project_ids = list(session.scalars(ids))
    scores: dict[str, dict[int, int]] = {marker: {} for marker in UN_MARKERS}
    for project_id, marker, score in session.execute(
        select(ProjectMarker.project_id, ProjectMarker.marker, ProjectMarker.score)
        .where(ProjectMarker.project_id.in_(ids))
    ):  # fmt: skip
        scores[marker][project_id] = score
    budgets, left_out, converter = project_budgets(session, filters, currency, start_month)

    overall = _row("all", _("All projects"), ())
    for project_id in project_ids:
        _add(overall, project_id, scores, budgets)

    agencies: dict[str, MarkerRow] = {}
    for project_id, acronym in session.execute(
        select(ProjectOrganisation.project_id, Organisation.acronym).distinct()
        .join(Organisation)
        .where(ProjectOrganisation.role.in_(AGENCY_ROLES), Organisation.kind == "un_entity",
               ProjectOrganisation.project_id.in_(ids))
    ):  # fmt: skip
        row = agencies.setdefault(acronym, _row(acronym, acronym, (("agency", acronym),)))
        _add(row, project_id, scores, budgets)

    goal_names = {g.number: localized(g, "short_title")[0] for g in session.scalars(select(Goal))}
    goals: dict[int, MarkerRow] = {}
    for project_id, number in session.execute(
        select(ProjectTarget.project_id, Target.goal_number).distinct().join(Target)
        .where(ProjectTarget.project_id.in_(ids))
    ):  # fmt: skip
        row = goals.setdefault(number, _row(str(number), f"{number} {goal_names.get(number, '')}",
                                            (("goal", str(number)),)))  # fmt: skip
        _add(row, project_id, scores, budgets)

    distribution = {
        marker: {score: sum(1 for s in scores[marker].values() if s == score)
                 for score in (0, 1, 2, 3)} | {None: overall.shares[marker].not_coded}
        for marker in UN_MARKERS
    }  # fmt: skip
    missing = sorted(converter.missing, key=lambda pair: (pair[1], pair[0]))
    return MarkerDashboard(
        currency=currency,
        overall=overall,
        scores=distribution,
        agencies=sorted(agencies.values(), key=lambda row: (-row.projects, row.key.lower())),
        goals=[goals[number] for number in sorted(goals)],
        left_out_projects=len(left_out),
        left_out_pairs=tuple((code, None if year == -1 else year) for code, year in missing),
        sources=converter.rates.sources if converter.used else (),
    )
