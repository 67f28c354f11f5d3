"""The reference data the register needs: names for its rows' links, choices for its filters.

It is read once per page as plain rows (a few hundred in all), so a page's links resolve by
dictionary look-up instead of joining the same goals and organisations into every link row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Goal, Organisation, Place, Sector, SectorCategory, Target
from tracker.services.choices import ORGANISATION_KIND_LABELS, PLACE_KIND_LABELS
from tracker.services.statuses import STATUS_NAMES

if TYPE_CHECKING:
    from tracker.services.register import RegisterFilters

Options = list[tuple[str, str]]  # (value in the URL, label)


class OrganisationName(NamedTuple):
    acronym: str
    name: str
    kind: str


class TargetName(NamedTuple):
    code: str
    goal: int
    title: str


@dataclass(frozen=True)
class OptionGroup:
    label: str
    options: Options


@dataclass(frozen=True)
class ActiveFilter:
    name: str  # the parameter, to build the link that removes it
    label: str
    value: str


ACTIVE_LABELS = {
    "q": "Text", "status": "Status", "goal": "SDG", "target": "Target", "sector": "Sector",
    "place": "Region", "agency": "Agency", "funder": "Funder", "start_from": "Starts from",
    "start_to": "Starts by", "end_from": "Ends from", "end_to": "Ends by",
    "active_from": "Active from", "active_to": "Active until",
}  # fmt: skip


def _readable(name: str) -> str:
    """IATI writes some sector categories in capitals: 'ENERGY POLICY' -> 'Energy policy'."""
    return name.capitalize() if name.isupper() else name


@dataclass(frozen=True)
class RegisterReference:
    goals: dict[int, str]  # number -> short title
    targets: dict[int, TargetName]  # by id
    sector_categories: dict[str, str]  # sector code -> its category's code
    categories: dict[str, tuple[str, bool]]  # category code -> (name, withdrawn)
    places: dict[str, tuple[str, str]]  # code -> (name, kind), by name
    organisations: dict[int, OrganisationName]  # by id, by acronym

    def category_name(self, code: str) -> str:
        return _readable(self.categories[code][0])

    # The filters' choices.
    @property
    def status_options(self) -> Options:
        return [(str(code), f"{code} · {name}") for code, name in STATUS_NAMES.items()]

    @property
    def goal_options(self) -> Options:
        return [(str(number), f"{number} {title}") for number, title in self.goals.items()]

    @property
    def target_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for target in self.targets.values():
            groups[target.goal].append((target.code, f"{target.code} {target.title}"[:90]))
        return [OptionGroup(f"Goal {number} {title}", groups[number])
                for number, title in self.goals.items()]  # fmt: skip

    @property
    def sector_options(self) -> Options:
        return [(code, f"{code} {_readable(name)}" + (" (withdrawn code)" if withdrawn else ""))
                for code, (name, withdrawn) in self.categories.items()]  # fmt: skip

    @property
    def place_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for code, (name, kind) in self.places.items():
            groups[kind].append((code, name))
        return [OptionGroup(label, groups[kind]) for kind, label in PLACE_KIND_LABELS.items()
                if groups[kind]]  # fmt: skip

    @property
    def organisation_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for acronym, name, kind in self.organisations.values():
            groups[kind].append((acronym, acronym if acronym == name else f"{acronym} – {name}"))
        return [OptionGroup(label, groups[kind])
                for kind, label in ORGANISATION_KIND_LABELS.items() if groups[kind]]  # fmt: skip

    def active_filters(self, filters: RegisterFilters) -> list[ActiveFilter]:
        """The filters in force, in words, for the list above the results."""
        organisations = {o.acronym: f"{o.acronym} – {o.name}" for o in self.organisations.values()}
        names = {
            "status": dict(self.status_options), "goal": dict(self.goal_options),
            "target": {t.code: f"{t.code} {t.title}"[:90] for t in self.targets.values()},
            "sector": dict(self.sector_options),
            "place": {code: name for code, (name, _kind) in self.places.items()},
            "agency": organisations, "funder": organisations,
        }  # fmt: skip
        active = []
        for name, label in ACTIVE_LABELS.items():
            value = getattr(filters, name)
            if value not in (None, ""):
                text = str(value)
                active.append(ActiveFilter(name, label, names.get(name, {}).get(text, text)))
        return active


def load_reference(session: Session) -> RegisterReference:
    """Goals, targets, sectors, places and organisations, as plain rows in six small queries."""
    rows = session.execute
    return RegisterReference(
        goals=dict(rows(select(Goal.number, Goal.short_title_en).order_by(Goal.number)).all()),
        targets={id_: TargetName(code, goal, title) for id_, code, goal, title in rows(
            select(Target.id, Target.code, Target.goal_number, Target.title_en)
            .order_by(Target.goal_number, Target.position))},
        sector_categories=dict(rows(select(Sector.code, Sector.category_code)).all()),
        categories={code: (name, withdrawn) for code, name, withdrawn in rows(
            select(SectorCategory.code, SectorCategory.name, SectorCategory.withdrawn)
            .order_by(SectorCategory.code))},
        places={code: (name, kind) for code, name, kind in rows(
            select(Place.code, Place.name, Place.kind).order_by(Place.name))},
        organisations={id_: OrganisationName(*names) for id_, *names in rows(
            select(Organisation.id, Organisation.acronym, Organisation.name, Organisation.kind)
            .order_by(func.lower(Organisation.acronym)))},
    )  # fmt: skip
