"""The reference data the register needs: names for its rows' links, choices for its filters.

It is read once per page as plain rows (a few hundred in all), so a page's links resolve by
dictionary look-up instead of joining the same goals and organisations into every link row.
Goal and target titles are read in one language: the reader's on pages, English in files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Goal, Organisation, Place, Sector, SectorCategory, Target
from tracker.services.reference.choices import ORGANISATION_KIND_LABELS, PLACE_KIND_LABELS
from tracker.services.results.marker_codes import POLICY_MARKERS
from tracker.vocabulary import STATUS_NAMES, status_label

if TYPE_CHECKING:
    from tracker.services.register.search import RegisterFilters

Options = list[tuple[str, str]]  # (value in the URL, label)


class OrganisationName(NamedTuple):
    acronym: str
    name: str
    kind: str
    iati_ref: str | None = None  # the IATI organisation identifier, where it publishes one


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
    "q": _l("Text"), "status": _l("Status"), "goal": _l("SDG"), "target": _l("Target"),
    "sector": _l("Sector"), "place": _l("Region"), "agency": _l("Agency"),
    "funder": _l("Funder"), "start_from": _l("Starts from"), "start_to": _l("Starts by"),
    "end_from": _l("Ends from"), "end_to": _l("Ends by"), "active_from": _l("Active from"),
    "active_to": _l("Active until"), "currency": _l("Budget currency"),
    "document": _l("Strategic document"), "figures_year": _l("With figures for fiscal year"),
    "funded_by": _l("Money available from"),
    "gender_marker": _l("Gender Equality Marker"), "human_rights_marker": _l("Human Rights Marker"),
    "policy_marker": _l("Policy marker"),
}  # fmt: skip
# The UN marker filter's choices (values as in filters.MARKER_VALUES).
MARKER_OPTIONS = (
    ("2-3", _l("2 or 3")), ("3", "3"), ("2", "2"), ("1", "1"), ("0", "0"),
    ("coded", _l("Coded (any score)")), ("not_coded", _l("Not yet coded")),
)  # fmt: skip


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
    language: str = "en"  # of the goal and target titles (and the register's project titles)

    def category_name(self, code: str) -> str:
        return _readable(self.categories[code][0])

    # The filters' choices.
    @property
    def status_options(self) -> Options:
        return [(str(code), f"{code} · {status_label(code)}") for code in STATUS_NAMES]

    @property
    def goal_options(self) -> Options:
        return [(str(number), f"{number} {title}") for number, title in self.goals.items()]

    @property
    def target_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for target in self.targets.values():
            groups[target.goal].append((target.code, f"{target.code} {target.title}"[:90]))
        return [OptionGroup(_("Goal %(number)s: %(title)s", number=number, title=title),
                            groups[number])
                for number, title in self.goals.items()]  # fmt: skip

    @property
    def sector_options(self) -> Options:
        return [(code, _("%(sector)s (withdrawn code)", sector=f"{code} {_readable(name)}")
                 if withdrawn else f"{code} {_readable(name)}")
                for code, (name, withdrawn) in self.categories.items()]  # fmt: skip

    @property
    def place_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for code, (name, kind) in self.places.items():
            groups[kind].append((code, name))
        return [OptionGroup(str(label), groups[kind])
                for kind, label in PLACE_KIND_LABELS.items() if groups[kind]]  # fmt: skip

    @property
    def organisation_groups(self) -> list[OptionGroup]:
        groups = defaultdict(list)
        for acronym, name, kind, _ref in self.organisations.values():
            groups[kind].append((acronym, acronym if acronym == name else f"{acronym} – {name}"))
        return [OptionGroup(str(label), groups[kind])
                for kind, label in ORGANISATION_KIND_LABELS.items() if groups[kind]]  # fmt: skip

    @property
    def marker_options(self) -> Options:
        return [(value, str(label)) for value, label in MARKER_OPTIONS]

    @property
    def policy_marker_options(self) -> Options:
        return [(code, f"{code} {name}") for code, name in POLICY_MARKERS.items()]

    def active_filters(self, filters: RegisterFilters) -> list[ActiveFilter]:
        """The filters in force, in words, for the list above the results."""
        organisations = {o.acronym: f"{o.acronym} – {o.name}" for o in self.organisations.values()}
        names = {
            "status": dict(self.status_options), "goal": dict(self.goal_options),
            "target": {t.code: f"{t.code} {t.title}"[:90] for t in self.targets.values()},
            "sector": dict(self.sector_options),
            "place": {code: name for code, (name, _kind) in self.places.items()},
            "agency": organisations, "funder": organisations,
            "funded_by": {str(id_): f"{o.acronym} – {o.name}"
                          for id_, o in self.organisations.items()},
            "gender_marker": dict(self.marker_options),
            "human_rights_marker": dict(self.marker_options),
            "policy_marker": dict(self.policy_marker_options),
        }  # fmt: skip
        active = []
        for name, label in ACTIVE_LABELS.items():
            value = getattr(filters, name)
            if value not in (None, ""):
                text = str(value)
                text = names.get(name, {}).get(text, text)
                active.append(ActiveFilter(name, str(label), text))
        return active


def _in_language(model: type, field: str, language: str) -> tuple:
    """The column of ``field`` in ``language`` and the English one, for a fallback."""
    english = getattr(model, f"{field}_en")
    return (getattr(model, f"{field}_{language}", english), english)


def load_reference(session: Session, language: str = "en") -> RegisterReference:
    """Goals, targets, sectors, places and organisations, as plain rows in six small queries;
    goal and target titles in ``language`` where translated, else in English."""
    rows = session.execute
    goal_title = _in_language(Goal, "short_title", language)
    target_title = _in_language(Target, "title", language)
    return RegisterReference(
        goals={number: title or english for number, title, english in rows(
            select(Goal.number, *goal_title).order_by(Goal.number))},
        targets={id_: TargetName(code, goal, title or english)
                 for id_, code, goal, title, english in rows(
            select(Target.id, Target.code, Target.goal_number, *target_title)
            .order_by(Target.goal_number, Target.position))},
        sector_categories=dict(rows(select(Sector.code, Sector.category_code)).all()),
        categories={code: (name, withdrawn) for code, name, withdrawn in rows(
            select(SectorCategory.code, SectorCategory.name, SectorCategory.withdrawn)
            .order_by(SectorCategory.code))},
        places={code: (name, kind) for code, name, kind in rows(
            select(Place.code, Place.name, Place.kind).order_by(Place.name))},
        organisations={id_: OrganisationName(*names) for id_, *names in rows(
            select(Organisation.id, Organisation.acronym, Organisation.name, Organisation.kind,
                   Organisation.iati_ref)
            .order_by(func.lower(Organisation.acronym)))},
        language=language,
    )  # fmt: skip
