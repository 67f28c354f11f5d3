"""Writing an activity's policy markers and results in the order the IATI 2.03 schema
wants, and the UN markers in the tracker's own namespace (other IATI tools ignore them;
the tracker's import reads them back).

``<policy-marker>`` goes after the tags and before the budgets (``write_policy_markers``),
``<result>`` after the related activities (``write_results``), the UN markers last of all.
A result without indicators is not written: the schema wants at least one.
"""

from __future__ import annotations

from lxml import etree

from tracker.formats.iati.codes import XML_LANG
from tracker.formats.iati.results import UN_MARKER
from tracker.formats.result_records import (
    IndicatorRecord,
    PeriodRecord,
    PolicyMarkerRecord,
    ResultRecord,
    UnMarkerRecord,
    ValueRecord,
)


def write_policy_markers(activity: etree._Element, markers: tuple[PolicyMarkerRecord, ...]) -> None:
    for marker in markers:
        significance = "" if marker.significance is None else str(marker.significance)
        element = _sub(activity, "policy-marker", vocabulary=marker.vocabulary,
                       code=marker.code, significance=significance)  # fmt: skip
        if marker.name:
            _narrative(element, marker.name)


def write_results(activity: etree._Element, results: tuple[ResultRecord, ...]) -> None:
    for result in results:
        if not result.indicators:
            continue
        element = _sub(activity, "result", type=str(result.type),
                       **{"aggregation-status": _boolean(result.aggregation_status)})  # fmt: skip
        _narrative(_sub(element, "title"), result.title, "en")
        if result.description:
            _narrative(_sub(element, "description"), result.description, "en")
        for indicator in result.indicators:
            _indicator(element, indicator)


def write_un_markers(activity: etree._Element, markers: tuple[UnMarkerRecord, ...]) -> None:
    for marker in markers:
        element = etree.SubElement(activity, UN_MARKER, marker=marker.marker,
                                   score=str(marker.score))  # fmt: skip
        element.text = _xml_safe(marker.justification)


def _indicator(result: etree._Element, indicator: IndicatorRecord) -> None:
    element = _sub(result, "indicator", measure=str(indicator.measure),
                   ascending=_boolean(indicator.ascending))  # fmt: skip
    title = _sub(element, "title")
    for language, text in indicator.titles:
        if text:
            _narrative(title, text, language)
    if indicator.description:
        _narrative(_sub(element, "description"), indicator.description, "en")
    if indicator.reference_code:
        _sub(element, "reference", vocabulary=indicator.reference_vocabulary,
             code=indicator.reference_code)  # fmt: skip
    if indicator.baseline_year is not None:
        baseline = indicator.baseline or ValueRecord()
        element_ = _sub(element, "baseline", year=str(indicator.baseline_year),
                        value=baseline.value,
                        **{"iso-date": indicator.baseline_date.isoformat()
                           if indicator.baseline_date else ""})  # fmt: skip
        _comment(element_, baseline.comment)
    for period in indicator.periods:
        _period(element, period)


def _period(indicator: etree._Element, period: PeriodRecord) -> None:
    if period.start is None or period.end is None:
        return
    element = _sub(indicator, "period")
    _sub(element, "period-start", **{"iso-date": period.start.isoformat()})
    _sub(element, "period-end", **{"iso-date": period.end.isoformat()})
    for tag, values in (("target", period.targets), ("actual", period.actuals)):
        for value in values:
            written = _sub(element, tag, value=value.value)
            if value.dimension:
                _sub(written, "dimension", name=value.dimension, value=value.category)
            _comment(written, value.comment)


def _comment(parent: etree._Element, text: str) -> None:
    if text:
        _narrative(_sub(parent, "comment"), text, "en")


def _boolean(value: bool | None) -> str:
    return "" if value is None else "1" if value else "0"


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})


def _narrative(parent: etree._Element, text: str, language: str | None = None) -> None:
    element = etree.SubElement(parent, "narrative", {XML_LANG: language} if language else {})
    element.text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    """Control characters XML 1.0 cannot carry are dropped (lxml would refuse the text)."""
    return "".join(c for c in text if c >= " " or c in "\t\n\r")
