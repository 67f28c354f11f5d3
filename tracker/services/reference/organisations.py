"""Managing organisations (UN entities, government bodies, funders): the searchable list with
how many projects use each, adding, editing, and deleting one that nothing uses.

Names, acronyms and IATI identifiers are unique whatever their case. Functions only flush;
the caller commits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import ColumnElement, func, or_, select, union
from sqlalchemy.orm import Session

from tracker.models import ORGANISATION_KINDS, AnnualFigure, Organisation, ProjectOrganisation
from tracker.models.finance import Transaction

# One organisation of each kind, in the reader's language (the register groups them in the
# plural, ``choices.ORGANISATION_KIND_LABELS``).
KIND_LABELS = {
    "un_entity": _l("UN entity"),
    "government": _l("Government of Kazakhstan"),
    "funder": _l("Funder"),
    "other": _l("Other"),
}
ACRONYM_LENGTH, NAME_LENGTH, IATI_REF_LENGTH = 40, 200, 40
# A registration agency's prefix (a country code or XM/XI, and the agency) and the
# organisation's id there: XM-DAC-41114, KZ-BIN-123456789012, GB-COH-01234567.
_IATI_REF = re.compile(r"[A-Za-z]{2}-[A-Za-z0-9]+-\S+")
SORTS = ("acronym", "name", "kind", "iati_ref", "projects")
PER_PAGE = 50
MAX_QUERY = 100


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


class OrganisationError(ValueError):
    """An organisation that cannot be saved or deleted: (field, message) pairs; the field is
    "" for a problem with the whole organisation."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems


def iati_ref_problem(ref: str) -> str | None:
    """Why ``ref`` is not an IATI organisation identifier, or None when it has the shape."""
    if any(char.isspace() for char in ref):
        return _("An IATI organisation identifier has no spaces, such as XM-DAC-41114.")
    if "--" in ref or ref.endswith("-") or not _IATI_REF.fullmatch(ref):
        return _("An IATI organisation identifier is the registration agency's prefix and the "
                 "organisation's id there, joined by hyphens with no empty part, such as "
                 "XM-DAC-41114 or KZ-BIN-123456789012.")  # fmt: skip
    if len(ref) > IATI_REF_LENGTH:
        return _("At most %(limit)s characters, please.", limit=IATI_REF_LENGTH)
    return None


def _taken(session: Session, column, value: str, own_id: int | None) -> bool:
    query = select(Organisation.id).where(func.lower(column) == value.lower())
    if own_id is not None:
        query = query.where(Organisation.id != own_id)
    return session.scalar(query.limit(1)) is not None


def _checked(session: Session, own_id: int | None, acronym: str, name: str, kind: str,
             iati_ref: str) -> tuple[str, str, str, str | None]:  # fmt: skip
    acronym, name, iati_ref = acronym.strip(), " ".join(name.split()), iati_ref.strip()
    problems = []
    for field, value, limit in (("acronym", acronym, ACRONYM_LENGTH), ("name", name, NAME_LENGTH)):
        if not value:
            problems.append((field, _("Required.")))
        elif len(value) > limit:
            problems.append((field, _("At most %(limit)s characters, please.", limit=limit)))
    if acronym and _taken(session, Organisation.acronym, acronym, own_id):
        problems.append(("acronym", _("Another organisation has the acronym %(acronym)s.",
                                      acronym=acronym)))  # fmt: skip
    if name and _taken(session, Organisation.name, name, own_id):
        problems.append(("name", _("Another organisation has this name.")))
    if kind not in ORGANISATION_KINDS:
        problems.append(("kind", _("Choose one of the kinds listed.")))
    if iati_ref:
        if problem := iati_ref_problem(iati_ref):
            problems.append(("iati_ref", problem))
        elif _taken(session, Organisation.iati_ref, iati_ref, own_id):
            problems.append(("iati_ref", _("Another organisation has the identifier %(ref)s.",
                                           ref=iati_ref)))  # fmt: skip
    if problems:
        raise OrganisationError(problems)
    return acronym, name, kind, iati_ref or None


def create_organisation(session: Session, *, acronym: str, name: str, kind: str,
                        iati_ref: str = "") -> Organisation:  # fmt: skip
    acronym, name, kind, ref = _checked(session, None, acronym, name, kind, iati_ref)
    organisation = Organisation(acronym=acronym, name=name, kind=kind, iati_ref=ref)
    session.add(organisation)
    session.flush()
    return organisation


def update_organisation(session: Session, organisation: Organisation, *, acronym: str,
                        name: str, kind: str, iati_ref: str = "") -> list[str]:  # fmt: skip
    """Save the changes; returns them in words ("acronym UNDP → UNDP-KZ"), [] for none."""
    values = _checked(session, organisation.id, acronym, name, kind, iati_ref)
    labels = {"acronym": _("acronym"), "name": _("name"), "kind": _("kind"),
              "iati_ref": _("IATI identifier")}  # fmt: skip
    changes = []
    for field, value in zip(("acronym", "name", "kind", "iati_ref"), values, strict=True):
        before = getattr(organisation, field)
        if before != value:
            shown = (kind_label(before), kind_label(value)) if field == "kind" else (before, value)
            changes.append(_("%(field)s “%(before)s” → “%(after)s”", field=labels[field],
                             before=shown[0] or "", after=shown[1] or ""))  # fmt: skip
            setattr(organisation, field, value)
    session.flush()
    return changes


def _uses():
    """(organisation id, project id) for every part an organisation plays in a project: a
    role, a funder of an annual figure, the provider or receiver of a transaction."""
    return union(
        select(ProjectOrganisation.organisation_id, ProjectOrganisation.project_id),
        select(AnnualFigure.funder_id, AnnualFigure.project_id).where(
            AnnualFigure.funder_id.is_not(None)
        ),
        select(Transaction.provider_id, Transaction.project_id).where(
            Transaction.provider_id.is_not(None)
        ),
        select(Transaction.receiver_id, Transaction.project_id).where(
            Transaction.receiver_id.is_not(None)
        ),
    ).subquery()


def project_count(session: Session, organisation: Organisation) -> int:
    uses = _uses()
    query = select(func.count()).select_from(uses).where(uses.c[0] == organisation.id)
    return session.scalar(query) or 0


def delete_organisation(session: Session, organisation: Organisation) -> None:
    """Delete an organisation that no project uses; OrganisationError otherwise."""
    used = project_count(session, organisation)
    if used:
        message = ngettext(
            "%(acronym)s is used by %(num)s project and cannot be deleted; edit it instead.",
            "%(acronym)s is used by %(num)s projects and cannot be deleted; edit it instead.",
            used, acronym=organisation.acronym)  # fmt: skip
        raise OrganisationError([("", message)])
    session.delete(organisation)
    session.flush()


@dataclass(frozen=True)
class OrganisationQuery:
    """What the list shows: a search text, a sort column and direction, a page."""

    q: str = ""
    sort: str = "acronym"
    direction: str = "asc"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> tuple[OrganisationQuery, list[str]]:
        """The query from a page address; values that cannot be used are left out and
        explained."""
        problems = []
        q = " ".join(args.get("q", "").split())[:MAX_QUERY]
        sort = args.get("sort") or "acronym"
        if sort not in SORTS:
            problems.append(_("The list cannot be sorted by “%(value)s”; it is sorted by "
                              "acronym.", value=sort[:40]))  # fmt: skip
            sort = "acronym"
        direction = args.get("dir") or ("desc" if sort == "projects" else "asc")
        if direction not in ("asc", "desc"):
            direction = "asc"
        raw = args.get("page") or "1"
        page = int(raw) if raw.isdigit() and 0 < len(raw) < 8 else 0
        if page < 1:
            problems.append(_("Page “%(value)s” is not a page number; the first page is shown.",
                              value=raw[:40]))  # fmt: skip
            page = 1
        return cls(q, sort, direction, page), problems

    def args(self, **changes) -> dict[str, str | int]:
        """The query as address parameters, defaults left out, with ``changes``."""
        values = {"q": self.q, "sort": self.sort, "dir": self.direction, "page": self.page,
                  **changes}  # fmt: skip
        defaults = {"q": "", "sort": "acronym", "page": 1}
        return {key: value for key, value in values.items() if value != defaults.get(key)}

    def sort_args(self, column: str) -> dict[str, str | int]:
        """The address that sorts by ``column`` (the other way round when it already is)."""
        if column == self.sort:
            return self.args(dir="desc" if self.direction == "asc" else "asc", page=1)
        return self.args(sort=column, dir="desc" if column == "projects" else "asc", page=1)


@dataclass(frozen=True)
class OrganisationPage:
    rows: list[tuple[Organisation, int]]  # each organisation with its number of projects
    total: int
    page: int
    pages: int


def _contains(column, words: str) -> ColumnElement[bool]:
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def list_organisations(
    session: Session, query: OrganisationQuery, per_page: int = PER_PAGE
) -> OrganisationPage:
    """The organisations whose acronym, name or identifier contains the search text, sorted,
    one page of them (a page past the last gives the last)."""
    uses = _uses()
    counts = (
        select(uses.c[0].label("organisation_id"), func.count().label("projects"))
        .group_by(uses.c[0])
        .subquery()
    )
    projects = func.coalesce(counts.c.projects, 0)
    statement = select(Organisation, projects).outerjoin(
        counts, counts.c.organisation_id == Organisation.id
    )
    if query.q:
        statement = statement.where(
            or_(*(_contains(column, query.q)
                  for column in (Organisation.acronym, Organisation.name, Organisation.iati_ref)))
        )  # fmt: skip
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(query.page, pages)
    key = {"acronym": func.lower(Organisation.acronym), "name": func.lower(Organisation.name),
           "kind": Organisation.kind, "iati_ref": func.coalesce(Organisation.iati_ref, ""),
           "projects": projects}[query.sort]  # fmt: skip
    order = key.asc() if query.direction == "asc" else key.desc()
    rows = session.execute(
        statement.order_by(order, func.lower(Organisation.acronym))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return OrganisationPage([(org, count) for org, count in rows], total, page, pages)
