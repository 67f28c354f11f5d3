"""The markers' codelists in the code agree with the IATI codelists in seed_data."""

from __future__ import annotations

import csv

from tracker.config import SEED_DIR
from tracker.services.results.marker_codes import POLICY_MARKERS, POLICY_SIGNIFICANCES


def codes(name: str) -> list[str]:
    with (SEED_DIR / "reference" / name).open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def test_policy_marker_codes_are_the_codelists():
    assert list(POLICY_MARKERS) == codes("iati_policy_marker.csv")


def test_policy_significance_codes_are_the_codelists():
    assert [str(code) for code in POLICY_SIGNIFICANCES] == codes("iati_policy_significance.csv")
