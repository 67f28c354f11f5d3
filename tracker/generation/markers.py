"""ILLUSTRATIVE marker codes for the generated portfolio: a UN Gender Equality Marker and
Human Rights Marker (0-3, with a justification) and OECD DAC policy markers per project,
plausible for its theme. About 15 % of projects are left "not yet coded".

Deterministic: each project's codes come from a generator seeded with the portfolio's seed
and the project's code, so the files are byte-identical for the same portfolio.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tracker.generation.records import GeneratedProject

MARKERS_FILE = "project_markers.csv"
POLICY_FILE = "project_policy_markers.csv"
MARKER_COLUMNS = ("project_code", "marker", "score", "justification")
POLICY_COLUMNS = ("project_code", "vocabulary", "code", "significance")
NOT_CODED_SHARE = 0.15


@dataclass(frozen=True)
class Profile:
    """A theme's likely scores: weights of GEM and HRM 0..3, and its policy markers with
    the weights of significance 0, 1, 2."""

    gender: tuple[int, int, int, int]
    human_rights: tuple[int, int, int, int]
    policy: tuple[tuple[str, tuple[int, int, int]], ...]


# Policy codes: 1 gender, 2 environment, 3 good governance, 5 biodiversity, 6 mitigation,
# 7 adaptation, 8 desertification, 9 RMNCH, 10 DRR, 11 disability, 12 nutrition.
PROFILES = {
    "gender_equality": Profile((0, 0, 2, 8), (0, 1, 6, 3), (("1", (0, 1, 9)), ("3", (2, 6, 2)))),
    "human_rights": Profile((0, 3, 6, 1), (0, 0, 2, 8), (("1", (1, 7, 2)), ("3", (0, 3, 7)),
                                                          ("11", (4, 5, 1)))),
    "justice_crime": Profile((1, 4, 5, 0), (0, 1, 6, 3), (("1", (3, 6, 1)), ("3", (0, 3, 7)))),
    "child_protection": Profile((1, 4, 5, 0), (0, 1, 5, 4), (("1", (3, 6, 1)), ("3", (2, 6, 2)),
                                                              ("11", (3, 6, 1)))),
    "migration_refugees": Profile((1, 4, 5, 0), (0, 1, 5, 4), (("1", (3, 6, 1)),
                                                                ("3", (2, 6, 2)))),
    "social_protection": Profile((1, 4, 5, 0), (0, 3, 6, 1), (("1", (2, 7, 1)),
                                                               ("11", (2, 6, 2)))),
    "digital_health": Profile((2, 6, 2, 0), (2, 6, 2, 0), (("1", (4, 6, 0)), ("9", (3, 5, 2)))),
    "hiv_public_health": Profile((1, 4, 5, 0), (0, 4, 6, 0), (("1", (2, 7, 1)), ("9", (2, 5, 3)))),
    "education": Profile((1, 5, 4, 0), (1, 5, 4, 0), (("1", (3, 6, 1)), ("11", (3, 5, 2)))),
    "youth_employment": Profile((1, 5, 4, 0), (2, 6, 2, 0), (("1", (3, 6, 1)),)),
    "statistics_financing": Profile((2, 5, 3, 0), (3, 5, 2, 0), (("1", (4, 5, 1)),
                                                                  ("3", (2, 6, 2)))),
    "energy_efficiency": Profile((5, 4, 1, 0), (7, 3, 0, 0), (("1", (6, 4, 0)), ("2", (0, 4, 6)),
                                                               ("6", (0, 2, 8)))),
    "carbon_neutrality": Profile((5, 4, 1, 0), (7, 3, 0, 0), (("1", (6, 4, 0)), ("2", (0, 4, 6)),
                                                               ("6", (0, 1, 9)))),
    "sustainable_agriculture": Profile((3, 5, 2, 0), (6, 4, 0, 0), (("1", (4, 6, 0)),
                                                                     ("2", (0, 5, 5)),
                                                                     ("7", (0, 5, 5)),
                                                                     ("8", (2, 6, 2)),
                                                                     ("12", (4, 5, 1)))),
    "central_asia_water": Profile((4, 5, 1, 0), (6, 4, 0, 0), (("1", (5, 5, 0)), ("2", (0, 5, 5)),
                                                                ("7", (0, 4, 6)))),
    "disaster_risk": Profile((2, 6, 2, 0), (4, 5, 1, 0), (("1", (4, 6, 0)), ("7", (0, 5, 5)),
                                                           ("10", (0, 1, 9)),
                                                           ("11", (5, 4, 1)))),
    "biodiversity": Profile((5, 4, 1, 0), (7, 3, 0, 0), (("2", (0, 3, 7)), ("5", (0, 1, 9)),
                                                          ("8", (3, 5, 2)))),
    "urban_development": Profile((3, 5, 2, 0), (4, 5, 1, 0), (("1", (4, 6, 0)), ("2", (0, 6, 4)),
                                                               ("6", (2, 6, 2)),
                                                               ("10", (3, 6, 1)))),
}  # fmt: skip
DEFAULT_PROFILE = Profile((3, 5, 2, 0), (3, 5, 2, 0), (("1", (4, 6, 0)),))

JUSTIFICATIONS = {
    "gender": {
        1: "Illustrative coding: some activities address gender equality; sex-disaggregated "
           "data are collected but few results target it.",
        2: "Illustrative coding: gender analysis informs the design; at least one output and "
           "indicators measure progress on gender equality.",
        3: "Illustrative coding: gender equality and women's empowerment are the principal "
           "objective of the project and of its results.",
    },
    "human_rights": {
        1: "Illustrative coding: human-rights standards are referred to; rights-holders take "
           "part in some activities.",
        2: "Illustrative coding: the design follows a human-rights-based approach; outputs "
           "strengthen duty-bearers and rights-holders.",
        3: "Illustrative coding: realising human rights is the principal objective, following "
           "recommendations of UN human-rights mechanisms.",
    },
}  # fmt: skip


def project_markers(project: GeneratedProject, seed: int) -> tuple[list[tuple], list[tuple]]:
    """(UN marker rows, policy marker rows) of one project; both empty when not coded."""
    rng = random.Random(f"{seed}-markers-{project.code}")
    if rng.random() < NOT_CODED_SHARE:
        return [], []
    profile = PROFILES.get(project.theme, DEFAULT_PROFILE)
    markers = []
    for marker, weights in (("gender", profile.gender), ("human_rights", profile.human_rights)):
        score = rng.choices(range(4), weights=weights)[0]
        justification = JUSTIFICATIONS[marker].get(score, "")
        markers.append((project.code, marker, score, justification))
    policy = [
        (project.code, "1", code, rng.choices(range(3), weights=weights)[0])
        for code, weights in profile.policy
    ]
    return markers, sorted(policy, key=lambda row: int(row[2]))


def write_marker_csv(
    projects: Iterable[GeneratedProject], seed: int, directory: Path | str
) -> dict[str, int]:
    """Write project_markers.csv and project_policy_markers.csv; return data rows per file."""
    directory = Path(directory)
    counts = {MARKERS_FILE: 0, POLICY_FILE: 0}
    with (
        (directory / MARKERS_FILE).open("w", encoding="utf-8", newline="") as markers_handle,
        (directory / POLICY_FILE).open("w", encoding="utf-8", newline="") as policy_handle,
    ):
        markers_out = csv.writer(markers_handle, lineterminator="\n")
        policy_out = csv.writer(policy_handle, lineterminator="\n")
        markers_out.writerow(MARKER_COLUMNS)
        policy_out.writerow(POLICY_COLUMNS)
        for project in projects:
            markers, policy = project_markers(project, seed)
            markers_out.writerows(markers)
            policy_out.writerows(policy)
            counts[MARKERS_FILE] += len(markers)
            counts[POLICY_FILE] += len(policy)
    return counts
