"""The options a project form offers, read from the reference data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.i18n import localized
from tracker.models import (
    Currency,
    Goal,
    Organisation,
    Place,
    Sector,
    SectorCategory,
    StrategicDocument,
    Target,
)


@dataclass(frozen=True)
class Group:
    label: str
    colour_class: str
    options: list[tuple[str, str]]


PLACE_KIND_LABELS = {
    "country": _l("Nationwide"),
    "multi_country": _l("Beyond Kazakhstan"),
    "city": _l("Cities of republican significance"),
    "region": _l("Regions (oblystar)"),
}
ORGANISATION_KIND_LABELS = {
    "un_entity": _l("UN entities"),
    "government": _l("Government of Kazakhstan"),
    "funder": _l("Funders"),
    "other": _l("Other"),
}


def target_groups(session: Session) -> list[Group]:
    """The 169 targets by goal, their texts in the reader's language (else English)."""
    targets = defaultdict(list)
    for target in session.scalars(select(Target).order_by(Target.position)):
        title = localized(target, "title")[0]
        targets[target.goal_number].append((target.code, f"{target.code} {title}"))
    return [
        Group(_("Goal %(number)s: %(title)s", number=goal.number,
                title=localized(goal, "short_title")[0]),
              f"goal-border-{goal.number}", targets[goal.number])
        for goal in session.scalars(select(Goal).order_by(Goal.number))
    ]  # fmt: skip


def sector_groups(session: Session, keep: set[str] = frozenset()) -> list[Group]:
    """Active DAC codes by category; withdrawn ones only where a project still uses them."""
    sectors = defaultdict(list)
    for sector in session.scalars(select(Sector).order_by(Sector.code)):
        if sector.withdrawn and sector.code not in keep:
            continue
        label = f"{sector.code} {sector.name}"
        if sector.withdrawn:
            label = _("%(sector)s (withdrawn code)", sector=label)
        sectors[sector.category_code].append((sector.code, label))
    return [
        Group(f"{category.code} {category.name}", "", sectors[category.code])
        for category in session.scalars(select(SectorCategory).order_by(SectorCategory.code))
        if sectors[category.code]
    ]


def place_groups(session: Session) -> list[Group]:
    places = defaultdict(list)
    for place in session.scalars(select(Place).order_by(Place.name)):
        places[place.kind].append((place.code, f"{place.name} ({place.code})"))
    return [Group(str(label), "", places[kind]) for kind, label in PLACE_KIND_LABELS.items()]


def organisation_choices(session: Session) -> list[tuple[int, str]]:
    organisations = session.scalars(select(Organisation)).all()
    order = list(ORGANISATION_KIND_LABELS)
    organisations = sorted(organisations, key=lambda o: (order.index(o.kind), o.acronym.lower()))
    return [(o.id, f"{o.acronym} – {o.name}" if o.acronym != o.name else o.name)
            for o in organisations]  # fmt: skip


def currency_choices(session: Session, keep: str | None = None) -> list[tuple[str, str]]:
    currencies = session.scalars(select(Currency).order_by(Currency.code))
    return [
        (c.code, f"{c.code} – {c.name}") for c in currencies if not c.withdrawn or c.code == keep
    ]


def document_choices(session: Session) -> list[tuple[int, str]]:
    documents = session.scalars(select(StrategicDocument).order_by(StrategicDocument.year_adopted))
    return [(d.id, f"{localized(d, 'title')[0]} ({d.year_adopted})") for d in documents]
