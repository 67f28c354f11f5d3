"""Reading an activity's ``<result>``, ``<policy-marker>`` and the UN markers the tracker
writes in its own namespace, into plain records (``formats.result_records``).

Values stay text: the import checks them with the forms' rule and names the result,
indicator and period of any mistake. Texts take the English narrative, else the first.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from tracker.formats.iati.activity import ActivityElements
from tracker.formats.iati.marker import TRACKER_NS
from tracker.formats.result_records import (
    ActivityResults,
    IndicatorRecord,
    PeriodRecord,
    PolicyMarkerRecord,
    ResultRecord,
    UnMarkerRecord,
    ValueRecord,
)

UN_MARKER = f"{{{TRACKER_NS}}}un-marker"
TRUE, FALSE = ("1", "true"), ("0", "false")


class ResultsReader(ActivityElements):
    """The results and markers of one activity."""

    def activity_results(self) -> ActivityResults:
        results = tuple(self._one_result(e) for e in self.element.iterchildren("result"))
        markers = tuple(self._policy_marker(e) for e in self.element.iterchildren("policy-marker"))
        un_markers = [self._un_marker(e) for e in self.element.iterchildren(UN_MARKER)]
        return ActivityResults(
            results, markers, tuple(m for m in un_markers if m is not None) or None
        )

    def _result_text(self, element: etree._Element | None) -> str:
        """The English narrative of ``element``, else the first."""
        texts = self._narratives(element)
        return texts.get("en") or next(iter(texts.values()), "")

    def _one_result(self, element: etree._Element) -> ResultRecord:
        return ResultRecord(
            _code(element.get("type")),
            self._result_text(element.find("title")),
            self._result_text(element.find("description")),
            _boolean(element.get("aggregation-status")),
            tuple(self._result_indicator(e) for e in element.iterchildren("indicator")),
        )

    def _result_indicator(self, element: etree._Element) -> IndicatorRecord:
        titles = self._narratives(element.find("title"))
        if "en" in titles:  # English first: it is the title the tracker shows by default
            titles = {"en": titles.pop("en"), **titles}
        references = [
            ((r.get("vocabulary") or "").strip(), (r.get("code") or "").strip())
            for r in element.iterchildren("reference")
        ]
        # An SDG indicator code is the reference the tracker understands: it wins.
        references.sort(key=lambda found: found[0] != "9")
        vocabulary, code = references[0] if references else ("", "")
        baseline = element.find("baseline")
        year, day, value = None, None, None
        if baseline is not None:
            text = (baseline.get("year") or "").strip()
            year = int(text) if text.isdigit() and len(text) <= 4 else None
            day = _date(baseline.get("iso-date"))
            value = self._result_value(baseline)
        ascending = _boolean(element.get("ascending"))
        return IndicatorRecord(
            tuple(titles.items()),
            _code(element.get("measure")),
            self._result_text(element.find("description")),
            True if ascending is None else ascending,
            vocabulary,
            code,
            year,
            day,
            value,
            tuple(self._result_period(e) for e in element.iterchildren("period")),
        )

    def _result_period(self, element: etree._Element) -> PeriodRecord:
        start, end = element.find("period-start"), element.find("period-end")
        return PeriodRecord(
            _date(start.get("iso-date")) if start is not None else None,
            _date(end.get("iso-date")) if end is not None else None,
            tuple(self._result_value(e) for e in element.iterchildren("target")),
            tuple(self._result_value(e) for e in element.iterchildren("actual")),
        )

    def _result_value(self, element: etree._Element) -> ValueRecord:
        dimension = element.find("dimension")
        name = category = ""
        if dimension is not None:
            name = (dimension.get("name") or "").strip()
            category = (dimension.get("value") or "").strip()
        return ValueRecord(
            (element.get("value") or "").strip(),
            self._result_text(element.find("comment")),
            name,
            category,
        )

    def _policy_marker(self, element: etree._Element) -> PolicyMarkerRecord:
        significance = (element.get("significance") or "").strip()
        return PolicyMarkerRecord(
            (element.get("vocabulary") or "1").strip(),
            (element.get("code") or "").strip(),
            int(significance) if significance.isdigit() and len(significance) < 3 else None,
            self._result_text(element),
        )

    def _un_marker(self, element: etree._Element) -> UnMarkerRecord | None:
        score = (element.get("score") or "").strip()
        if not score.isdigit() or len(score) > 1:
            return None  # the import tells of a score it cannot keep by its absence
        return UnMarkerRecord(
            (element.get("marker") or "").strip(),
            int(score),
            (element.text or "").strip(),
        )


def _code(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 3 else None


def _boolean(text: str | None) -> bool | None:
    text = (text or "").strip().lower()
    return True if text in TRUE else False if text in FALSE else None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None
