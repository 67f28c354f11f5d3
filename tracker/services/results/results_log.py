"""How a project's results appear in its revisions (the change log).

Like the annual figures (``finance/annual_log``), results are snapshot entries beside the
project's own fields, so two revisions differ entry by entry:

- ``outputs``: the codes of the results-chain outputs the project contributes to;
- ``gender_marker`` / ``human_rights_marker``: "2: justification" (absent = not yet coded);
- ``policy_markers``: "1/1: 2; 1/6: 1" (vocabulary/code: significance);
- ``results/...``: the project's results, indicators and periods, one entry each.

Entries are written only when there is something to say, so older snapshots read the same;
an entry present before and absent after is a removal (``revisions.diff``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.models import Project

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


def english_label(field: str) -> str:
    """The entry's label as stored and as the API gives it."""
    if field.startswith(PREFIX):
        return "Results: " + field.removeprefix(PREFIX)
    return FIELD_LABELS[field]


def field_label(field: str) -> str:
    """The entry's label in the reader's language."""
    if field.startswith(PREFIX):
        return str(_l("Results: %(entry)s", entry=field.removeprefix(PREFIX)))
    return str(FIELD_NAMES[field])


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
    return entries
