"""One record against the reference data: codes to ids, and the record merged into a project.

A field the record leaves as None keeps the project's value (or the form's default for a
new project); a link list that is present replaces the project's links.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from tracker.formats.csv_projects import ProjectRecord
from tracker.formats.records import ERROR, WARNING, ImportRecord, OrganisationRef, Problem, Shares
from tracker.services.exchange.importing.organisations import (
    FUNDING_ROLE,
    NewOrganisation,
    match_organisation,
    new_kind,
    note_unknown,
)
from tracker.services.exchange.importing.reference import ImportReference
from tracker.services.portfolio.projects import ProjectData
from tracker.services.portfolio.revisions import ROLE_LABELS, iati_parts
from tracker.vocabulary import ROLE_FIELDS

if TYPE_CHECKING:
    from tracker.services.exchange.importing.plan import ImportRules

DATES = ("planned_start", "planned_end", "actual_start", "actual_end")
# What a link column is told about the codes the tracker does not know (``codes``).
UNKNOWN_TARGETS = _l(
    "Unknown SDG targets: %(codes)s (each should be an SDG target such as 3.8 or 9.c)."
)
UNKNOWN_SECTORS = _l("Unknown sectors: %(codes)s (each should be a DAC 5-digit sector code).")
UNKNOWN_PLACES = _l(
    "Unknown places: %(codes)s (each should be a place code of the tracker, such as KZ-75)."
)
ROLE_COLUMNS = {role: f"{name}_organisations" for role, name in ROLE_FIELDS.items()}


class Resolver:
    """Resolves one record, adding its problems (tagged with its line and code) to a list."""

    def __init__(
        self,
        record: ImportRecord,
        reference: ImportReference,
        rules: ImportRules,
        problems: list[Problem],
        reported: set[tuple[str, str]],
        *,
        failed: bool = False,
        unknown: dict[str, NewOrganisation] | None = None,
    ) -> None:
        self.record, self.reference, self.rules = record, reference, rules
        self.problems, self.reported = problems, reported
        self.failed = failed  # the reader found an error in the record already
        # Organisations the file names and the tracker lacks, offered for creation.
        self.unknown = unknown if unknown is not None else {}

    def add(self, column: str, message: str, severity: str = ERROR) -> None:
        if severity == ERROR:
            self.failed = True
            if (self.record.where, column) in self.reported:
                return
        self.problems.append(
            Problem(self.record.where, column, severity, message, self.record.code)
        )

    def current_data(self, current: ProjectRecord) -> ProjectData:
        """The project as it is, in the form's terms."""
        organisations = self.reference.organisations
        return ProjectData(
            code=current.code,
            title=current.title,
            description=current.description,
            planned_start=current.planned_start,
            planned_end=current.planned_end,
            actual_start=current.actual_start,
            actual_end=current.actual_end,
            budget=current.budget,
            currency=current.currency,
            targets=[(link.code, link.share) for link in current.targets],
            sectors=list(current.sectors),
            places=list(current.places),
            organisations=[
                (organisations[acronym.lower()][0], role)
                for role, name in ROLE_FIELDS.items()
                for acronym in getattr(current, name)
            ],
            document_ids=[self.reference.documents[code.lower()][0] for code in current.documents],
            language=current.language,
            texts={language: (title, text) for language, title, text in current.texts},
            recipients=list(current.recipients),
            other_sectors=list(current.other_sectors),
        )

    def merge(self, base: ProjectData) -> ProjectData:
        """``base`` with what the record says on top, each code checked."""
        record, reference = self.record, self.reference
        values = {
            name: getattr(record, name)
            if getattr(record, name) is not None
            else getattr(base, name)
            for name in ("title", "description", "budget", "currency")
        }
        for name in DATES:
            value = getattr(record, name)
            values[name] = (
                value if value is not None or name in record.cleared else getattr(base, name)
            )
        currency = values["currency"]
        if record.currency is not None and currency not in reference.currencies:
            self.add(
                "currency",
                _("%(currency)s is not an ISO 4217 currency code.", currency=currency),
            )
        elif record.currency is not None and reference.currencies[currency]:
            self.add(
                "currency", _("%(currency)s is a withdrawn currency.", currency=currency), WARNING
            )
        targets = self._links(
            "sdg_targets",
            record.targets,
            base.targets,
            reference.targets,
            UNKNOWN_TARGETS,
        )
        sectors = self._links(
            "sectors", record.sectors, base.sectors, reference.sectors, UNKNOWN_SECTORS
        )
        linked = {code for code, _share in base.sectors}  # a withdrawn code kept is no news
        for code, _share in sectors:
            if reference.sectors.get(code) and code not in linked:
                self.add(
                    "sectors",
                    _("The sector %(code)s is withdrawn from the DAC list.", code=code),
                    WARNING,
                )
        places = self._links(
            "places",
            record.places,
            base.places,
            reference.places,
            UNKNOWN_PLACES,
        )
        if record.goals:
            goals = ", ".join(map(str, record.goals))
            if len(record.goals) == 1:
                message = _("SDG goal %(goals)s without a target is not kept.", goals=goals)
            else:
                message = _("SDG goals %(goals)s without a target are not kept.", goals=goals)
            self.add("sdg_targets", message, WARNING)
        return ProjectData(
            code=base.code,
            targets=targets,
            sectors=sectors,
            places=places,
            organisations=(
                self._organisations(record.organisations)
                if record.organisations is not None
                else base.organisations
            ),
            document_ids=(
                self._documents(record.documents)
                if record.documents is not None
                else base.document_ids
            ),
            # What IATI files add (the CSV reader leaves these None: kept as they are).
            **{name: getattr(record, name) if getattr(record, name) is not None
               else getattr(base, name)
               for name in ("language", "texts", "recipients", "other_sectors")},
            **values,
        )  # fmt: skip

    def _links(
        self,
        column: str,
        given: Shares | None,
        current: Shares,
        known: Iterable[str],
        message: LazyString,
    ) -> Shares:
        """``given`` without the codes not ``known``, which ``message`` lists as %(codes)s."""
        if given is None:
            return current
        unknown = [code for code, _share in given if code not in known]
        if unknown:
            self.add(column, str(message) % {"codes": ", ".join(unknown)})
        return [(code, share) for code, share in given if code in known]

    def _organisations(self, given: list[OrganisationRef]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for organisation in given:
            organisation_id = match_organisation(
                self.reference,
                ref=organisation.iati_ref,
                name=organisation.name,
                acronym=organisation.acronym,
            )
            if organisation_id is None:
                name = organisation.acronym or organisation.name or organisation.iati_ref
                if organisation.iati_ref and organisation.name:
                    name = f"{organisation.name} ({organisation.iati_ref})"
                if not organisation.acronym and (organisation.iati_ref or organisation.name):
                    note_unknown(
                        self.unknown,
                        ref=organisation.iati_ref,
                        name=organisation.name,
                        kind=new_kind(organisation.type, organisation.role == FUNDING_ROLE),
                        code=self.record.code,
                    )
                if self.rules.unknown_organisations == WARNING:
                    message = _(
                        "Unknown organisation %(name)s; it is left out unless it is created "
                        "with the import.",
                        name=name,
                    )
                else:
                    message = _(
                        "Unknown organisation %(name)s (organisations are named by their "
                        "acronym in the tracker).",
                        name=name,
                    )
                self.add(
                    ROLE_COLUMNS.get(organisation.role, "organisations"),
                    message,
                    self.rules.unknown_organisations,
                )
            elif (organisation_id, organisation.role) not in found:
                found.append((organisation_id, organisation.role))
        return found

    def _documents(self, codes: list[str]) -> list[int]:
        unknown = [code for code in codes if code.lower() not in self.reference.documents]
        if unknown:
            known = ", ".join(code for _id, code in self.reference.documents.values())
            codes_text = ", ".join(unknown)
            if len(unknown) == 1:
                message = _(
                    "Unknown strategic document %(codes)s (known: %(known)s).",
                    codes=codes_text,
                    known=known,
                )
            else:
                message = _(
                    "Unknown strategic documents %(codes)s (known: %(known)s).",
                    codes=codes_text,
                    known=known,
                )
            self.add("strategic_documents", message)
        return [self.reference.documents[c.lower()][0] for c in codes if c not in unknown]

    def state(self, data: ProjectData, status: int) -> dict[str, str]:
        """The project as ``revisions.snapshot`` writes it, so plans compare and show
        changes the way the change log does."""
        reference = self.reference

        def day(value) -> str:
            return "" if value is None else str(value)

        def listed(links: Shares, key=None) -> str:
            return ", ".join(f"{code}{_share(share)}" for code, share in sorted(links, key=key))

        return {
            "code": data.code,
            "title": data.title,
            "description": data.description or "",
            "status": str(status),
            **{name: day(getattr(data, name)) for name in DATES},
            "budget": f"{Decimal(data.budget):.2f}",
            "currency": data.currency,
            "targets": listed(data.targets, lambda link: reference.targets[link[0]].position),
            "sectors": listed(data.sectors),
            "places": listed(data.places),
            "organisations": "; ".join(
                sorted(
                    f"{ROLE_LABELS[role]}: {reference.acronyms[organisation_id]}"
                    for organisation_id, role in data.organisations
                )
            ),
            "documents": ", ".join(
                sorted(reference.document_codes[document_id] for document_id in data.document_ids)
            ),
            **iati_parts(data.language, data.texts or {}, data.recipients or [],
                         data.other_sectors or []),
        }  # fmt: skip


def _share(share: Decimal | None) -> str:
    return f" ({share.normalize():f}%)" if share is not None else ""
