"""How a project's results appear in its revisions (the change log).

Like the annual figures (``finance/annual_log``), results are snapshot entries beside the
project's own fields, so two revisions differ entry by entry:

- ``outputs``: the codes of the results-chain outputs the project contributes to;
- ``gender_marker`` / ``human_rights_marker``: "2: justification" (absent = not yet coded);
- ``policy_markers``: "1/1: 2; 1/6: 1" (vocabulary/code: significance);
- ``results/<id>:<title>[/<period>/<target|actual>]``: each indicator of the project's
  results (measure, direction, reference, baseline), then each period's target and actual.

Entries are written only when there is something to say, so older snapshots read the same;
an entry present before and absent after is a removal (``revisions.diff``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from tracker.models import Project, ResultIndicator

PREFIX = "results/"
# Stored and API labels stay English, as the revisions' FIELD_LABELS; pages show FIELD_NAMES.
FIELD_LABELS = {
    "outputs": "Contributes to outputs",
    "gender_marker": "Gender Equality Marker",
    "human_rights_marker": "Human Rights Marker",
    "policy_markers": "Policy markers",
}
FIELD_NAMES = {
    "outputs": _l("Contributes to outputs"),
    "gender_marker": _l("Gender Equality Marker"),
    "human_rights_marker": _l("Human Rights Marker"),
    "policy_markers": _l("Policy markers"),
}
MARKER_FIELDS = {"gender": "gender_marker", "human_rights": "human_rights_marker"}


def is_results(field: str) -> bool:
    """Whether a snapshot entry is one of this module's."""
    return field in FIELD_LABELS or field.startswith(PREFIX)


def _entry(field: str) -> str:
    """``results/<id>:<title>/<period>/<what>`` without the prefix and the id, as a reader
    sees it: "People reached · 2025 · actual"."""
    _id, _colon, rest = field.removeprefix(PREFIX).partition(":")
    return " · ".join(rest.split("/"))


def english_label(field: str) -> str:
    """The entry's label as stored and as the API gives it."""
    if field.startswith(PREFIX):
        return f"Results: {_entry(field)}"
    return FIELD_LABELS[field]


def field_label(field: str) -> str:
    """The entry's label in the reader's language."""
    if field.startswith(PREFIX):
        return str(_l("Results: %(entry)s", entry=_entry(field)))
    return str(FIELD_NAMES[field])


def period_label(start: date, end: date) -> str:
    """A period as the log names it: the year for a calendar year, else both dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}–{end.isoformat()}"


def figure(value: Decimal | None, comment: str) -> str:
    """A target, actual or baseline as text: "48 (survey)"."""
    number = "" if value is None else f"{Decimal(value).normalize():f}"
    return f"{number} ({comment})".strip() if comment else number


def indicator_entries(indicator: ResultIndicator) -> dict[str, str]:
    """One indicator's entries: its definition, then each period's target and actual."""
    name = " ".join(indicator.title_en.split()).replace("/", "∕")[:80]
    key = f"{PREFIX}{indicator.id}:{name}"
    definition = [f"measure {indicator.measure}",
                  "ascending" if indicator.ascending else "descending"]  # fmt: skip
    if indicator.reference_code:
        definition.append(f"{indicator.reference_vocabulary}/{indicator.reference_code}")
    if indicator.baseline_value is not None or indicator.baseline_comment:
        baseline = figure(indicator.baseline_value, indicator.baseline_comment)
        definition.append(f"baseline {indicator.baseline_year or ''} {baseline}".replace("  ", " "))
    entries = {key: ", ".join(definition)}
    for period in indicator.periods:
        when = period_label(period.period_start, period.period_end)
        for kind, value, comment in (
            ("target", period.target_value, period.target_comment),
            ("actual", period.actual_value, period.actual_comment),
        ):
            text = figure(value, comment)
            if text:
                entries[f"{key}/{when}/{kind}"] = text
    return entries


def marker_value(score: int, justification: str) -> str:
    return f"{score}: {justification}".rstrip(": ") if justification else str(score)


def results_snapshot(project: Project) -> dict[str, str]:
    """The project's results entries, in a stable order."""
    entries: dict[str, str] = {}
    if project.outputs:
        entries["outputs"] = ", ".join(sorted(node.code for node in project.outputs))
    for marker in sorted(project.markers, key=lambda m: m.marker):
        entries[MARKER_FIELDS[marker.marker]] = marker_value(marker.score, marker.justification)
    if project.policy_markers:
        entries["policy_markers"] = "; ".join(
            f"{m.vocabulary}/{m.code}: {'' if m.significance is None else m.significance}"
            for m in sorted(project.policy_markers, key=lambda m: (m.vocabulary, m.code))
        )
    for result in project.results:
        for indicator in result.indicators:
            if indicator.id is not None:
                entries.update(indicator_entries(indicator))
    return entries
