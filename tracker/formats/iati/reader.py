"""Reading IATI activity XML (2.01 to 2.03) into ``ImportRecord``s, one per activity.

What maps where is listed in the README ("IATI import and export"). Every problem points
at its element (``iati-activity[3] (ID)/activity-date[2]``), with the attribute as the
column and the line in the message. An activity that cannot become a project (no
identifier, no valid status) is skipped with a warning saying why.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from tracker.formats.iati.classification import Classification
from tracker.formats.iati.codes import DATE_FIELDS, OWN_IDENTIFIER
from tracker.formats.iati.marker import marked_source
from tracker.formats.iati.money import sum_money
from tracker.formats.iati.published import PublishedMoney
from tracker.formats.iati.results import ResultsReader
from tracker.formats.iati.safe_xml import MAX_BYTES, NotReadable, parse_activities
from tracker.formats.records import ERROR, WARNING, ImportRecord, OrganisationRef, Problem


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


class _Activity(Classification, PublishedMoney, ResultsReader):
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
        self._published(record)
        money = sum_money(self.element, self.add)
        record.budget, record.currency = money.budget, money.currency
        record.extra.update(money.notes)
        record.results = self.activity_results()
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

    def _published(self, record: ImportRecord) -> None:
        """The money as published and the hierarchy, read before the budget is summed so
        that each element's problem is told once, in the more precise words."""
        record.identifier = self.identifier
        reporting = self.element.find("reporting-org")
        record.reporting_ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
        record.hierarchy = self.hierarchy()
        record.related = self.related()
        record.budgets = self.budgets()
        record.transactions = self.transactions()
        record.planned_disbursements = self.planned_disbursements()
