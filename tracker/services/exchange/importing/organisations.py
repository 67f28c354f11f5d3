"""Organisations a file names: matched to the tracker's, or offered for creation.

Matching: a CSV names organisations by acronym. An IATI file names them by IATI identifier
(ref) and name: the ref matches an organisation with that identifier; when there is no ref,
or no organisation has it, the name matches an organisation's name or acronym
(case-insensitively, the whole name), but only one that has no identifier of its own (a
different identifier is a different organisation). An organisation nobody matched is
listed in the plan (``NewOrganisation``), so the person importing can have it created in
the same transaction as the import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Organisation
from tracker.services.exchange.importing.reference import ImportReference

FUNDING_ROLE = 1
# IATI OrganisationType -> the tracker's kind (10, 11, 15: governments; 40 multilateral).
KINDS_OF_TYPE = {"10": "government", "11": "government", "15": "government", "40": "un_entity"}
ACRONYM_MAX, NAME_MAX, REF_MAX = 40, 200, 40


@dataclass
class NewOrganisation:
    """An organisation a file names that the tracker does not know."""

    key: str  # what the preview's checkbox sends: the lower-cased ref, or "name:" + name
    name: str
    ref: str
    kind: str
    projects: set[str]  # codes of the projects that name it

    def label(self) -> str:
        kind = kind_label(self.kind)
        if self.ref:
            return _("Create organisation “%(name)s” (ref %(ref)s) as %(kind)s",
                     name=self.name, ref=self.ref, kind=kind)  # fmt: skip
        return _("Create organisation “%(name)s” as %(kind)s", name=self.name, kind=kind)


def kind_label(kind: str) -> str:
    return {
        "funder": _("funder"),
        "government": _("government"),
        "un_entity": _("UN entity"),
    }.get(kind, _("other"))


def organisation_key(ref: str, name: str) -> str:
    return ref.lower() if ref else f"name:{' '.join(name.split()).lower()}"


def match_organisation(
    reference: ImportReference, *, ref: str = "", name: str = "", acronym: str = ""
) -> int | None:
    """The id of the tracker's organisation a file means, or None (see the module's text)."""
    if acronym and acronym.lower() in reference.organisations:
        return reference.organisations[acronym.lower()][0]
    if ref and ref.lower() in reference.organisations_by_ref:
        return reference.organisations_by_ref[ref.lower()]
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return None
    found = reference.organisations_by_name.get(wanted)
    if found is None and wanted in reference.organisations:
        found = reference.organisations[wanted][0]
    if found is not None and ref and found in reference.organisations_with_ref:
        return None  # the file gives another identifier than the organisation's own
    return found


def new_kind(iati_type: str, funding: bool) -> str:
    """The kind of organisation to create: a funder when it funds, else by its IATI type."""
    if funding:
        return "funder"
    return KINDS_OF_TYPE.get(iati_type, "other")


def note_unknown(
    found: dict[str, NewOrganisation], *, ref: str, name: str, kind: str, code: str
) -> None:
    """Add an unknown organisation to ``found`` (keyed), with the project naming it."""
    key = organisation_key(ref, name)
    known = found.get(key)
    if known is None:
        found[key] = NewOrganisation(key, " ".join(name.split()) or ref, ref, kind, {code})
        return
    known.projects.add(code)
    if kind == "funder":
        known.kind = "funder"  # funding anywhere makes it a funder


def create_organisations(session: Session, wanted: Iterable[NewOrganisation]) -> list[Organisation]:
    """Create ``wanted`` organisations with a unique acronym and name; flushes."""
    acronyms = {a.lower() for a in session.scalars(select(Organisation.acronym))}
    names = {n.lower() for n in session.scalars(select(Organisation.name))}
    created = []
    for new in wanted:
        name = _unique(new.name[:NAME_MAX], names, NAME_MAX)
        acronym = _unique(_acronym(new), acronyms, ACRONYM_MAX)
        ref = new.ref if new.ref and len(new.ref) <= REF_MAX else None
        organisation = Organisation(acronym=acronym, name=name, kind=new.kind, iati_ref=ref)
        session.add(organisation)
        created.append(organisation)
    session.flush()
    return created


def _acronym(new: NewOrganisation) -> str:
    """The ref when short, else the initials of the name (``Peacebuilding Fund`` -> ``PF``)."""
    if new.ref and len(new.ref) <= 20:
        return new.ref
    initials = "".join(word[0] for word in re.findall(r"\w+", new.name)).upper()
    return (initials or new.name or new.ref)[:20]


def _unique(text: str, taken: set[str], limit: int) -> str:
    candidate, number = text, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" {number}"
        candidate = text[: limit - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate
