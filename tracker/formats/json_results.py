"""A project's results and markers in the JSON API.

Pure shaping like ``json_api``: indicator values are decimal strings as stored, without
trailing zeros ("1250.5"); the share of the way covered and expected by the progress rule
are decimal strings to four places ("0.8000"); dates ISO 8601, IATI codes as integers. The
progress of each indicator is passed in, computed by the caller with the progress rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from tracker.formats.json_api import Json, day
from tracker.models.results import (
    GENDER,
    HUMAN_RIGHTS,
    IndicatorPeriod,
    ProjectMarker,
    ProjectPolicyMarker,
    ProjectResult,
    ResultIndicator,
)

PLACES = Decimal("0.0001")


def number(value: Decimal | None) -> str | None:
    """A stored indicator value as a decimal string: "1250", "12.5"; None for none."""
    if value is None:
        return None
    text = format(Decimal(value).quantize(PLACES).normalize(), "f")
    return "0" if text == "-0" else text


def ratio(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).quantize(PLACES), "f")


def progress(found: Any) -> Json | None:
    """{status, covered, expected} of the progress rule; None for measures it does not assess."""
    if found is None:
        return None
    return {"status": found.status, "covered": ratio(found.covered),
            "expected": ratio(found.expected)}  # fmt: skip


def _value(period: IndicatorPeriod, kind: str) -> Json:
    return {
        "value": number(getattr(period, f"{kind}_value")),
        "comment": getattr(period, f"{kind}_comment") or "",
        "breakdowns": [
            {"dimension": b.dimension, "category": b.category, "value": number(b.value),
             "comment": b.comment or ""}
            for b in period.breakdowns if b.kind == kind
        ],
    }  # fmt: skip


def indicator(found: ResultIndicator, assessed: Any) -> Json:
    reference = None
    if found.reference_code:
        reference = {"vocabulary": found.reference_vocabulary, "code": found.reference_code}
    baseline = None
    if found.baseline_year is not None or found.baseline_value is not None:
        baseline = {"year": found.baseline_year, "value": number(found.baseline_value),
                    "comment": found.baseline_comment or ""}  # fmt: skip
    return {
        "title": found.title_en,
        "measure": found.measure,
        "ascending": found.ascending,
        "reference": reference,
        "baseline": baseline,
        "periods": [
            {
                "start": day(p.period_start),
                "end": day(p.period_end),
                "target": _value(p, "target"),
                "actual": _value(p, "actual"),
            }
            for p in found.periods
        ],  # fmt: skip
        "progress": progress(assessed),
    }


def project_results(
    results: Iterable[ProjectResult],
    assessed: Mapping[int, Any],
    policy_markers: Iterable[ProjectPolicyMarker],
    markers: Iterable[ProjectMarker],
) -> Json:
    """The results fields of one project's detail; ``assessed`` maps indicator id -> its
    progress (None: not assessed). A UN marker without a row is null: not yet coded."""
    coded = {found.marker: found for found in markers}

    def un_marker(name: str) -> Json | None:
        found = coded.get(name)
        return None if found is None else {"score": found.score,
                                           "justification": found.justification or ""}  # fmt: skip

    return {
        "results": [
            {
                "type": r.type,
                "title": r.title,
                "indicators": [indicator(i, assessed.get(i.id)) for i in r.indicators],
            }
            for r in results
        ],  # fmt: skip
        "policy_markers": [
            {"code": m.code, "vocabulary": m.vocabulary, "significance": m.significance}
            for m in policy_markers
        ],
        "gender_marker": un_marker(GENDER),
        "human_rights_marker": un_marker(HUMAN_RIGHTS),
    }
