"""Writing the register's projects as IATI 2.03 ``<iati-activities>``, streamed.

Each activity is built and serialised on its own, so memory stays flat however many
projects there are. The output validates against the official 2.03 activity schema (the
tests check it); what maps where is in the README ("IATI import and export"). Illustrative
projects say so in a description of their own, so nobody takes them for real ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from lxml import etree

from tracker.formats.csv_projects import ProjectRecord
from tracker.formats.iati.codes import NATIONWIDE, OWN_IDENTIFIER, XML_LANG
from tracker.formats.iati.marker import ILLUSTRATIVE, NSMAP, SENTENCE_TYPE, mark
from tracker.formats.iati.money_writer import Published, write_money, write_relations
from tracker.formats.iati.results_writer import (
    write_policy_markers,
    write_results,
    write_un_markers,
)
from tracker.formats.iati.shares import written_shares
from tracker.vocabulary import ROLE_FIELDS

VERSION = "2.03"
PLACE_REGIONS = {"CENTRAL-ASIA": ("1", "619")}  # DAC region 619 "Central Asia, regional"
KZ_REGION_URI = "https://www.iso.org/obp/ui/#iso:code:3166:KZ"  # vocabulary 99: ISO 3166-2
ACTIVITIES_PER_CHUNK = 200


@dataclass(frozen=True)
class Organisation:
    """What an activity says about an organisation the tracker knows by its acronym."""

    name: str
    iati_ref: str = ""
    type: str = ""  # IATI OrganisationType, where the tracker's kind implies one


@dataclass(frozen=True)
class ReportingOrg:
    ref: str
    name: str
    type: str = ""


class ActivityWriter:
    """``stream(records)`` yields the UTF-8 document in chunks; ``activities`` counts them."""

    def __init__(
        self,
        reporting: ReportingOrg,
        organisations: dict[str, Organisation],
        *,
        generated: datetime | None = None,
    ) -> None:
        self.reporting, self.organisations = reporting, organisations
        self.generated = (generated or datetime.now(UTC)).replace(microsecond=0)
        # A code that already starts with a known organisation's identifier is one.
        refs = {reporting.ref, *(o.iati_ref for o in organisations.values() if o.iati_ref)}
        self.prefixes = tuple(f"{ref}-" for ref in refs if ref)
        self.activities = 0

    def stream(
        self,
        records: Iterable[ProjectRecord],
        published: Callable[[Sequence[str]], dict[str, Published]] | None = None,
    ) -> Iterator[bytes]:
        """The document; ``published(codes)`` gives a batch of projects' money and hierarchy
        (without it, each project gets one budget over its planned dates, as before)."""
        stamp = self.generated.isoformat().replace("+00:00", "Z")
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<iati-activities version="{VERSION}" generated-datetime="{stamp}">\n'
        ).encode()
        batch: list[ProjectRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) >= ACTIVITIES_PER_CHUNK:
                yield self._chunk(batch, published)
                batch = []
        yield self._chunk(batch, published) + b"</iati-activities>\n"

    def _chunk(
        self,
        batch: list[ProjectRecord],
        published: Callable[[Sequence[str]], dict[str, Published]] | None,
    ) -> bytes:
        found = published([record.code for record in batch]) if published and batch else {}
        chunk = []
        for record in batch:
            activity = self.activity(record, found.get(record.code) if published else None)
            chunk.append(etree.tostring(activity, encoding="utf-8", pretty_print=True))
            self.activities += 1
        return b"".join(chunk)

    def identifier(self, code: str) -> str:
        return code if code.startswith(self.prefixes) else f"{self.reporting.ref}-{code}"

    def activity(self, record: ProjectRecord, published: Published | None = None) -> etree._Element:
        """One project as an <iati-activity>, its children in the schema's order."""
        language = getattr(record, "language", "") or "en"
        results = published.results if published is not None else None
        un_markers = results.un_markers if results is not None else None
        nsmap = NSMAP if record.is_illustrative or un_markers else None
        activity = etree.Element("iati-activity", {XML_LANG: language}, nsmap=nsmap)
        if record.is_illustrative:
            mark(activity, record.source)
        activity.set("default-currency", record.currency)
        if record.updated_at:
            activity.set("last-updated-datetime", _stamp(record.updated_at))
        if published is not None and (published.parent or published.components):
            activity.set("hierarchy", "2" if published.parent else "1")
        identifier = self.identifier(record.code)
        _sub(activity, "iati-identifier", text=identifier)
        reporting = _sub(
            activity, "reporting-org", ref=self.reporting.ref, type=self.reporting.type
        )
        _narrative(reporting, self.reporting.name)
        texts = getattr(record, "texts", ())
        title = _sub(activity, "title")
        _narrative(title, record.title)
        description = _sub(activity, "description", type="1")
        _narrative(description, record.description)
        for other, other_title, other_description in texts:
            if other_title:
                _narrative(title, other_title, other)
            if other_description:
                _narrative(description, other_description, other)
        if record.is_illustrative:
            _narrative(_sub(activity, "description", type=SENTENCE_TYPE), ILLUSTRATIVE, "en")
        self._participants(activity, record)
        if identifier != record.code:
            _sub(activity, "other-identifier", ref=record.code, type=OWN_IDENTIFIER)
        _sub(activity, "activity-status", code=str(record.status))
        for kind, day in enumerate(
            (record.planned_start, record.actual_start, record.planned_end, record.actual_end), 1
        ):
            if day:
                _sub(activity, "activity-date", type=str(kind), **{"iso-date": day.isoformat()})
        self._geography(activity, record)
        self._sectors_and_tags(activity, record)
        if results is not None:
            write_policy_markers(activity, results.policy_markers)
        if published is not None:
            write_money(activity, published.money)
            write_relations(activity, published, self.identifier)
        elif record.planned_start and record.planned_end:
            budget = _sub(activity, "budget", type="1", status="2")
            _sub(budget, "period-start", **{"iso-date": record.planned_start.isoformat()})
            _sub(budget, "period-end", **{"iso-date": record.planned_end.isoformat()})
            value = _sub(budget, "value", text=_amount(record.budget), currency=record.currency)
            value.set("value-date", record.planned_start.isoformat())
        if results is not None:
            write_results(activity, results.results)
            write_un_markers(activity, un_markers or ())
        return activity

    def _participants(self, activity: etree._Element, record: ProjectRecord) -> None:
        written = 0
        for role, name in ROLE_FIELDS.items():
            for acronym in getattr(record, name):
                known = self.organisations.get(acronym, Organisation(acronym))
                element = _sub(
                    activity,
                    "participating-org",
                    role=str(role),
                    ref=known.iati_ref,
                    type=known.type,
                )
                _narrative(element, known.name)
                written += 1
        if not written:  # the schema wants one: the publisher answers for the record
            element = _sub(
                activity,
                "participating-org",
                role="2",
                ref=self.reporting.ref,
                type=self.reporting.type,
            )
            _narrative(element, self.reporting.name)

    def _geography(self, activity: etree._Element, record: ProjectRecord) -> None:
        regions = []
        for code, share in record.places:
            if code == NATIONWIDE:
                _sub(activity, "recipient-country", code=code, percentage=_share(share))
            elif code in PLACE_REGIONS:
                vocabulary, region = PLACE_REGIONS[code]
                regions.append({"code": region, "vocabulary": vocabulary, "percentage": share})
            else:  # a region of Kazakhstan, by its ISO 3166-2 code
                regions.append(
                    {
                        "code": code,
                        "vocabulary": "99",
                        "percentage": share,
                        "vocabulary-uri": KZ_REGION_URI,
                    }
                )
        recipients = getattr(record, "recipients", ())
        for recipient in recipients:
            if recipient.kind == "country":
                element = _sub(
                    activity,
                    "recipient-country",
                    code=recipient.code,
                    percentage=_share(recipient.share),
                )
                _narrative(element, recipient.name)
        for region in regions:
            region["percentage"] = _share(region["percentage"])
            _sub(activity, "recipient-region", **region)
        for recipient in recipients:
            if recipient.kind == "region":
                element = _sub(
                    activity,
                    "recipient-region",
                    code=recipient.code,
                    vocabulary=recipient.vocabulary,
                    percentage=_share(recipient.share),
                )
                _narrative(element, recipient.name)

    def _sectors_and_tags(self, activity: etree._Element, record: ProjectRecord) -> None:
        for (code, _), share in zip(
            record.sectors, written_shares(list(record.sectors)), strict=True
        ):
            _sub(activity, "sector", vocabulary="1", code=code, percentage=_share(share))
        if any(link.share is not None for link in record.targets):
            # Shares of SDG targets only fit in sector vocabulary 8, which has percentages.
            for link in record.targets:
                _sub(
                    activity,
                    "sector",
                    vocabulary="8",
                    code=link.code,
                    percentage=_share(link.share),
                )
        for other in getattr(record, "other_sectors", ()):
            element = _sub(
                activity,
                "sector",
                vocabulary=other.vocabulary,
                code=other.code,
                percentage=_share(other.share),
            )
            _narrative(element, other.name)
        for goal in dict.fromkeys(link.goal for link in record.targets):
            _sub(activity, "tag", vocabulary="2", code=str(goal))
        for link in record.targets:
            _sub(activity, "tag", vocabulary="3", code=link.code)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes) -> etree._Element:
    """A child with the attributes that have a value (blank ones are left out)."""
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _narrative(parent: etree._Element, text: str, language: str | None = None) -> None:
    element = etree.SubElement(parent, "narrative", {XML_LANG: language} if language else {})
    element.text = _xml_safe(text or "")


def _xml_safe(text: str) -> str:
    """Control characters XML 1.0 cannot carry are dropped (lxml would refuse the text)."""
    return "".join(c for c in text if c >= " " or c in "\t\n\r")


def _share(share: Decimal | None) -> str:
    if share is None:
        return ""
    text = format(share, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
