"""The mark of an illustrative record in IATI XML, as the export writes it and the import
reads it back, so that a generated record stays marked wherever it travels.

People read a description of type 4 saying the record is not a real project. The import
reads the attribute ``tracker:source`` on ``<iati-activity>``, in the tracker's own
namespace: the IATI schema allows attributes of other namespaces on every element and other
IATI tools ignore them, and unlike the description it depends on no wording or language.
Files exported before the attribute existed are recognised by the description's sentence.
"""

from __future__ import annotations

from lxml import etree

from tracker.formats.records import ILLUSTRATIVE_SOURCES

TRACKER_NS = "urn:x-un-kz-sdg-tracker:iati-extension:1"
NSMAP = {"tracker": TRACKER_NS}  # for the <iati-activity> of an illustrative record
TRACKER_SOURCE = f"{{{TRACKER_NS}}}source"
ILLUSTRATIVE = "Illustrative record generated for demonstration: not a real project."
SENTENCE_TYPE = "4"  # IATI DescriptionType "Other"


def mark(activity: etree._Element, source: str) -> None:
    """Mark ``activity`` (created with ``NSMAP``) as an illustrative record from ``source``;
    the description for people is written in its place among the activity's children."""
    activity.set(TRACKER_SOURCE, source)


def marked_source(activity: etree._Element) -> str | None:
    """The illustrative source an activity is marked with (``seed_illustration`` when only
    the older description says so), or None for a real record."""
    source = (activity.get(TRACKER_SOURCE) or "").strip()
    if source in ILLUSTRATIVE_SOURCES:
        return source
    for description in activity.iterchildren("description"):
        if (description.get("type") or "").strip() == SENTENCE_TYPE and any(
            " ".join((narrative.text or "").split()) == ILLUSTRATIVE
            for narrative in description.iterchildren("narrative")
        ):
            return ILLUSTRATIVE_SOURCES[0]
    return None
