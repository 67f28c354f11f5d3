"""The IATI codes the tracker reads and writes as its own: places, SDG goals and targets,
activity dates, languages and the reporting organisation's own identifier.

Shared by the reader and the writer, so both directions map the same codes.
"""

from __future__ import annotations

import re

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
OWN_IDENTIFIER = "A1"  # other-identifier type: the reporting organisation's own code
NATIONWIDE = "KZ"  # the tracker's place for Kazakhstan as a whole
# Regions that are places of the tracker: DAC region 619 "Central Asia, regional", and the
# ISO 3166-2 codes of Kazakhstan's regions that the export writes with vocabulary 99.
REGION_PLACES = {("1", "619"): "CENTRAL-ASIA"}
_KZ_REGION = re.compile(r"KZ-\d{2}")
_TARGET = re.compile(r"(\d{1,2})\.([0-9a-z]{1,2})")


def tracker_place(kind: str, vocabulary: str, code: str) -> str | None:
    """The tracker's place for a recipient ``country`` or ``region``, or None if it has none."""
    if kind == "country":
        return NATIONWIDE if code == NATIONWIDE else None
    return REGION_PLACES.get((vocabulary, code)) or (
        code if vocabulary == "99" and _KZ_REGION.fullmatch(code) else None
    )


def language_code(value: str | None) -> str:
    """An ISO 639-1 code from xml:lang (``en-GB`` -> ``en``)."""
    return (value or "").strip().lower().split("-")[0][:8]


def sdg_goal(code: str) -> int | None:
    """The goal of an SDG goal code (``3``, ``SDG 3``), or None."""
    digits = code.upper().removeprefix("SDG").strip()
    return int(digits) if digits.isdigit() and 1 <= int(digits) <= 17 else None


def sdg_target(code: str) -> str | None:
    """An SDG target code as the UN writes it (``13.2``, ``5.a``)."""
    match = _TARGET.fullmatch(code.strip().lower())
    return f"{int(match[1])}.{match[2]}" if match else None
