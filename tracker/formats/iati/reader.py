"""Reading IATI activity XML (2.01 to 2.03) into ``ImportRecord``s, one per activity.

What maps where is listed in the README ("IATI import and export"). Every problem points
at its element (``iati-activity[3] (ID)/activity-date[2]``), with the attribute as the
column and the line in the message. An activity that cannot become a project (no
identifier, no valid status) is skipped with a warning saying why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from lxml import etree

from tracker.formats.iati.codes import (
    DATE_FIELDS,
    OWN_IDENTIFIER,
    XML_LANG,
    language_code,
    sdg_goal,
    sdg_target,
    tracker_place,
)
from tracker.formats.iati.marker import marked_source
from tracker.formats.iati.money import sum_money
from tracker.formats.iati.safe_xml import MAX_BYTES, NotReadable, parse_activities
from tracker.formats.iati.shares import equal_split_as_blank
from tracker.formats.records import (
    ERROR,
    WARNING,
    ImportRecord,
    OrganisationRef,
    OtherSector,
    Problem,
    Recipient,
)

# Percentages given for some links of a kind and not others (all are left blank).
SOME_PLACE_PERCENTAGES = _l(
    "Percentages are given for some recipient-country and -region elements only; all are left "
    "blank."
)
SOME_SECTOR_PERCENTAGES = _l(
    "Percentages are given for some DAC sector elements only; all are left blank."
)
SOME_TARGET_PERCENTAGES = _l(
    "Percentages are given for some SDG target elements only; all are left blank."
)


def read_activities(
    data: bytes, *, max_bytes: int = MAX_BYTES
) -> tuple[list[ImportRecord], list[Problem]]:
    """The activities of an IATI file as records, and every problem found on the way.

    A file that cannot be read at all (not XML, not IATI, a declaration, too large) gives no
    records and one error."""
    try:
        root = parse_activities(data, max_bytes=max_bytes)
    except NotReadable as refused:
        return [], [Problem(refused.where, "", ERROR, str(refused))]
    problems: list[Problem] = []
    records = []
    for index, activity in enumerate(root.iterchildren("iati-activity"), 1):
        record = _Activity(index, activity, problems).record()
        if record is not None:
            records.append(record)
    if not records and not problems:
        problems.append(Problem("file", "", WARNING, _("The file has no <iati-activity>.")))
    return records, problems


class _Activity:
    def __init__(self, index: int, element: etree._Element, problems: list[Problem]) -> None:
        self.element, self.problems = element, problems
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        self.where = f"iati-activity[{index}]"
        if self.identifier:
            self.where += f" ({self.identifier})"
        self.language = language_code(element.get(XML_LANG)) or "en"

    def add(
        self,
        element: etree._Element,
        column: str,
        severity: str,
        message: str,
        *,
        skips: bool = False,
    ) -> None:
        if element.sourceline:
            message = _("%(problem)s (line %(line)s)", problem=message, line=element.sourceline)
        where = self._path(element)
        self.problems.append(Problem(where, column, severity, message, self.identifier, skips))

    def _path(self, element: etree._Element) -> str:
        steps = []
        while element is not None and element is not self.element:
            parent = element.getparent()
            same = [e for e in parent.iterchildren(element.tag)] if parent is not None else []
            steps.append(
                f"{element.tag}[{same.index(element) + 1}]" if len(same) > 1 else str(element.tag)
            )
            element = parent
        return "/".join([self.where, *reversed(steps)])

    def record(self) -> ImportRecord | None:
        if not self.identifier:
            self.add(
                self.element,
                "iati-identifier",
                WARNING,
                _("Skipped: the activity has no <iati-identifier>."),
                skips=True,
            )
            return None
        status = self._status()
        if status is None:
            return None
        record = ImportRecord(where=self.where, code=self._code(), status=status)
        record.language = self.language
        self._texts(record)
        self._dates(record)
        record.organisations = self._organisations()
        self._geography(record)
        self._sectors_and_tags(record)
        money = sum_money(self.element, self.add)
        record.budget, record.currency = money.budget, money.currency
        record.extra.update(money.notes)
        source = marked_source(self.element)
        if source:
            record.illustrative, record.source = True, source
        return record

    def _code(self) -> str:
        """The identifier, or the reporting organisation's own code when the identifier is
        exactly ``<reporting-org ref>-<code>`` (how the export writes the tracker's codes)."""
        reporting = self.element.find("reporting-org")
        prefix = (reporting.get("ref") or "").strip() if reporting is not None else ""
        for other in self.element.iterchildren("other-identifier"):
            own = (other.get("ref") or "").strip()
            if other.get("type") == OWN_IDENTIFIER and own and self.identifier == f"{prefix}-{own}":
                return own
        return self.identifier

    def _status(self) -> int | None:
        element = self.element.find("activity-status")
        code = (element.get("code") or "").strip() if element is not None else ""
        if code in ("1", "2", "3", "4", "5", "6"):
            return int(code)
        if code:
            message = _(
                "Skipped: the activity has status %(code)s; the tracker needs one of 1 to 6.",
                code=repr(code),
            )
        else:
            message = _(
                "Skipped: the activity has no <activity-status>; the tracker needs one of 1 to 6."
            )
        self.add(
            element if element is not None else self.element, "code", WARNING, message, skips=True
        )
        return None

    def _narratives(self, element: etree._Element | None) -> dict[str, str]:
        """Language -> text of an element's narratives (a narrative without xml:lang is in
        the activity's language); several in one language are joined."""
        found: dict[str, list[str]] = {}
        if element is not None:
            for narrative in element.iterchildren("narrative"):
                language = language_code(narrative.get(XML_LANG)) or self.language
                text = " ".join((narrative.text or "").split())
                if text:
                    found.setdefault(language, []).append(text)
        return {language: "\n\n".join(texts) for language, texts in found.items()}

    def _texts(self, record: ImportRecord) -> None:
        titles = self._narratives(self.element.find("title"))
        general = [
            d
            for d in self.element.iterchildren("description")
            if (d.get("type") or "1").strip() == "1"
        ]
        descriptions: dict[str, str] = {}
        for element in general or list(self.element.iterchildren("description"))[:1]:
            for language, text in self._narratives(element).items():
                descriptions[language] = "\n\n".join(
                    filter(None, (descriptions.get(language), text))
                )
        main = self.language
        if main not in titles and titles:
            main = next(iter(titles))  # no title in the activity's language: the first one
            record.language = main
        record.title = titles.get(main)
        record.description = descriptions.get(main, "")
        others = (set(titles) | set(descriptions)) - {main}
        record.texts = {
            lang: (titles.get(lang, ""), descriptions.get(lang, "")) for lang in sorted(others)
        }

    def _dates(self, record: ImportRecord) -> None:
        for element in self.element.iterchildren("activity-date"):
            name = DATE_FIELDS.get((element.get("type") or "").strip())
            text = (element.get("iso-date") or "").strip()
            if name is None:
                self.add(element, "type", WARNING, _("Unknown activity-date type; ignored."))
                continue
            try:
                setattr(record, name, date.fromisoformat(text[:10]))
            except ValueError:
                message = _("%(text)s is not a date; ignored.", text=repr(text))
                self.add(element, "iso-date", WARNING, message)

    def _organisations(self) -> list[OrganisationRef]:
        found = []
        for element in self.element.iterchildren("participating-org"):
            role = (element.get("role") or "").strip()
            if role not in ("1", "2", "3", "4"):
                message = _("Unknown role %(role)s; left out.", role=repr(role))
                self.add(element, "role", WARNING, message)
                continue
            names = self._narratives(element)
            name = names.get(self.language) or next(iter(names.values()), "")
            found.append(
                OrganisationRef(
                    int(role),
                    iati_ref=(element.get("ref") or "").strip(),
                    name=name,
                    type=(element.get("type") or "").strip(),
                )
            )
        return found

    def _percentage(self, element: etree._Element) -> Decimal | None:
        text = (element.get("percentage") or "").strip()
        if not text:
            return None
        try:
            share = Decimal(text)
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite() or not 0 <= share <= 100:
            message = _("%(text)s is not a percentage (0 to 100); ignored.", text=repr(text))
            self.add(element, "percentage", WARNING, message)
            return None
        return share

    def _geography(self, record: ImportRecord) -> None:
        places: list[tuple[str, Decimal | None]] = []
        recipients: list[Recipient] = []
        for element in self.element.iterchildren("recipient-country", "recipient-region"):
            code = (element.get("code") or "").strip().upper()
            share = self._percentage(element)
            kind = "country" if element.tag == "recipient-country" else "region"
            vocabulary = "" if kind == "country" else (element.get("vocabulary") or "1").strip()
            place = tracker_place(kind, vocabulary, code)
            if place:
                places.append((place, share))
            elif code:
                name = next(iter(self._narratives(element).values()), "")
                recipients.append(Recipient(kind, code, vocabulary, name, share))
        places = self._consistent(places, SOME_PLACE_PERCENTAGES)
        if places and places[0][1] is not None and sum(share for _c, share in places) != 100:
            # The rest goes to recipients outside the tracker's places, kept with theirs.
            self.add(
                self.element,
                "percentage",
                WARNING,
                _(
                    "The tracker's places get no percentages: theirs do not add up to 100 "
                    "without the other recipients."
                ),
            )
            places = [(code, None) for code, _share in places]
        record.places = places
        record.recipients = recipients

    def _consistent(self, shares: list, message: LazyString) -> list:
        """Shares given for some links but not others cannot be kept (all or none); the
        ``message`` says so."""
        given = [share is not None for _code, share in shares]
        if any(given) and not all(given):
            self.add(self.element, "percentage", WARNING, str(message))
            return [(code, None) for code, _share in shares]
        return shares

    def _sectors_and_tags(self, record: ImportRecord) -> None:
        sectors, targets, goals = [], {}, []
        others: list[OtherSector] = []
        for element in self.element.iterchildren("sector", "tag"):
            code = (element.get("code") or "").strip()
            vocabulary = (
                element.get("vocabulary") or ("1" if element.tag == "sector" else "")
            ).strip()
            share = self._percentage(element) if element.tag == "sector" else None
            kind = (element.tag, vocabulary)
            if kind == ("sector", "1"):
                sectors.append((code, share))
            elif kind in (("sector", "7"), ("tag", "2")):
                goal = sdg_goal(code)
                if goal is None:
                    self.add(
                        element,
                        "code",
                        WARNING,
                        _("%(code)s is not an SDG goal (1 to 17); ignored.", code=repr(code)),
                    )
                elif goal not in goals:
                    goals.append(goal)
            elif kind in (("sector", "8"), ("tag", "3")):
                target = sdg_target(code)
                if target is None:
                    self.add(
                        element,
                        "code",
                        WARNING,
                        _(
                            "%(code)s is not an SDG target code such as 13.2; ignored.",
                            code=repr(code),
                        ),
                    )
                elif targets.get(target) is None:
                    targets[target] = share  # a sector's percentage wins over a tag's none
            elif element.tag == "sector":
                name = next(iter(self._narratives(element).values()), "")
                others.append(OtherSector(vocabulary, code, name, share))
        record.sectors = equal_split_as_blank(self._consistent(sectors, SOME_SECTOR_PERCENTAGES))
        record.targets = self._consistent(list(targets.items()), SOME_TARGET_PERCENTAGES)
        served = {int(code.split(".")[0]) for code in targets}
        record.goals = [goal for goal in goals if goal not in served]
        record.other_sectors = others
