"""The funding dashboard: money required, available and spent per fiscal year, and one
year's money by SDG goal, UN agency, region, funder and strategic document, in the reporting
currency, for the projects the dashboards' filters keep.

Each row says how many projects are behind it and the register filters that list exactly
them (``drill``), so a click on a number opens those projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.i18n import localized
from tracker.models import Goal, Organisation, Place, StrategicDocument
from tracker.services.dashboards.figures import project_ids
from tracker.services.finance.derived import Money
from tracker.services.finance.funding import sums
from tracker.services.finance.funding.converted import Converter
from tracker.services.finance.rates import fiscal_year, fiscal_year_label, yearly_rates
from tracker.services.register.search import RegisterFilters


@dataclass(frozen=True)
class FundingRow:
    """A year or an item of a breakdown: its money and the projects behind it."""

    key: str
    label: str
    money: Money
    projects: int
    drill: tuple[tuple[str, str], ...] = ()  # register filters added for its projects


@dataclass(frozen=True)
class Breakdown:
    """One year's money by one dimension."""

    name: str
    title: str
    item: str  # the heading of the table's first column
    note: str
    rows: list[FundingRow]
    available_only: bool = False  # only available money is defined (by funder)


@dataclass(frozen=True)
class LeftOutFigures:
    """Figures in ``currency`` for ``year`` left out for want of a rate, and their projects."""

    currency: str
    year: int
    projects: int


@dataclass
class Funding:
    """Every figure of the funding dashboard."""

    currency: str  # the reporting currency
    start_month: int  # the month fiscal years start in
    year: int | None  # the fiscal year of the breakdowns (None: no figures)
    current_year: int  # the fiscal year ``today`` falls in
    years: list[FundingRow] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    left_out: list[LeftOutFigures] = field(default_factory=list)
    rates_used: list[tuple[str, int, Decimal]] = field(default_factory=list)
    sources: tuple[str, ...] = ()

    @property
    def has_figures(self) -> bool:
        return bool(self.years)

    @property
    def converted(self) -> bool:
        return bool(self.rates_used)

    def year_row(self, year: int) -> FundingRow | None:
        return next((row for row in self.years if row.key == str(year)), None)


def _year(years: list[int], asked: int | None, current: int) -> int | None:
    """The year the breakdowns show: the one asked for, else the current fiscal year if it
    has figures, else the latest year before it with figures, else the first one."""
    if not years:
        return None
    if asked in years:
        return asked
    if current in years:
        return current
    earlier = [year for year in years if year < current]
    return max(earlier) if earlier else min(years)


def funding(
    session: Session,
    filters: RegisterFilters,
    *,
    currency: str,
    start_month: int = 1,
    today: date,
    year: int | None = None,
) -> Funding:
    """The funding dashboard for the filtered projects, in ``currency``; the breakdowns are
    for fiscal ``year`` (see ``_year``), ``today`` says which fiscal year is the current."""
    ids = project_ids(filters)
    converter = Converter(yearly_rates(session, currency, start_month))
    current = fiscal_year(today, start_month)
    per_year = converter.money(sums.by_year(session, ids))
    counts = sums.projects_by_year(session, ids)
    result = Funding(currency, start_month, _year(sorted(per_year), year, current), current)
    result.years = [
        FundingRow(str(key), fiscal_year_label(key, start_month), per_year[key],
                   counts.get(key, 0),
                   (("figures_year", str(key)),))
        for key in sorted(per_year)
    ]  # fmt: skip
    if result.year is not None:
        result.breakdowns = _breakdowns(session, ids, result.year, converter)
    per_pair = sums.projects_by_currency_year(session, ids, converter.missing)
    result.left_out = [
        LeftOutFigures(code, when, per_pair.get((code, when), 0))
        for code, when in sorted(converter.missing, key=lambda pair: (pair[1], pair[0]))
    ]
    result.rates_used = [
        (code, when, converter.rates.rate(code, when)) for code, when in sorted(converter.used)
    ]
    result.sources = converter.rates.sources if converter.used else ()
    return result


def _largest_first(money: dict):
    """Items with the most money first (required, else available); "none" last."""
    return lambda key: (key is None, -money[key].required, -money[key].available, str(key))


def _rows(money: dict, counts: dict, year: int, label, drill_name: str | None, order=None):
    keys = sorted(money, key=order or _largest_first(money))
    return [
        FundingRow(
            "none" if key is None else str(key), label(key), money[key], counts.get(key, 0),
            ((drill_name, str(key)), ("figures_year", str(year)))
            if key is not None and drill_name else (),
        )
        for key in keys
    ]  # fmt: skip


def _breakdowns(session: Session, ids, year: int, converter: Converter) -> list[Breakdown]:
    goals = {goal.number: goal for goal in session.scalars(select(Goal))}
    places = dict(session.execute(select(Place.code, Place.name)).all())
    names = {id_: (acronym, name) for id_, acronym, name in session.execute(
        select(Organisation.id, Organisation.acronym, Organisation.name))}  # fmt: skip
    documents = {doc.id: doc for doc in session.scalars(select(StrategicDocument))}

    def goal_label(key):
        if key is None:
            return _("No SDG target")
        return f"{key} {localized(goals[key], 'short_title')[0]}"

    def document_label(key):
        return localized(documents[key], "title")[0] if key is not None else _("No document")

    def split(function):
        found, counts = function(session, ids, year)
        return converter.money(found, year), counts

    money, counts = split(sums.by_goal)
    by_goal = _rows(money, counts, year, goal_label, "goal",
                    lambda key: (key is None, key or 0))  # fmt: skip
    money, counts = split(sums.by_agency)
    by_agency = _rows(money, counts, year, lambda key: key or _("No UN agency"), "agency")
    money, counts = split(sums.by_place)
    place_label = lambda key: places.get(key, key) if key else _("No region")  # noqa: E731
    by_place = _rows(money, counts, year, place_label, "place")
    money, counts = split(sums.by_funder)
    by_funder = _rows(money, counts, year,
                      lambda key: f"{names[key][0]} – {names[key][1]}" if key is not None
                      else _("No funder named"), "funded_by")  # fmt: skip
    money, counts = split(sums.by_document)
    by_document = [
        FundingRow(row.key, row.label, row.money, row.projects,
                   (("document", documents[int(row.key)].code), ("figures_year", str(year))))
        if row.key != "none" else row
        for row in _rows(money, counts, year, document_label, None)
    ]  # fmt: skip
    return [
        Breakdown("goals", _("By SDG goal"), _("SDG goal"), _(
            "Each project's money split over its SDG goals by its targets' shares (an equal "
            "split where none are given), as the overview splits budgets: adds up to the "
            "year's total."), by_goal),
        Breakdown("agencies", _("By UN agency"), _("UN agency"), _(
            "Whole money of the projects each UN agency leads or carries out; a project with "
            "several agencies counts under each, so these do not add up to the total."),
            by_agency),
        Breakdown("places", _("By region"), _("Region"), _(
            "Each project's money split over its regions by their shares (an equal split "
            "where none are given): adds up to the year's total."), by_place),
        Breakdown("funders", _("By funder"), _("Funder"), _(
            "Available money by the funder that secured it. Money required and spent has no "
            "funder, so only available money is shown here."), by_funder, available_only=True),
        Breakdown("documents", _("By strategic document"), _("Strategic document"), _(
            "Whole money of the projects aligned to each national strategic document; a "
            "project aligned to several counts under each."), by_document),
    ]  # fmt: skip
