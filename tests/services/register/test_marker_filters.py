"""The register's marker filters: each count against the projects found by walking the
objects, and the values the URL accepts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.models import Project
from tracker.services.register.filters import MARKER_VALUES
from tracker.services.register.search import RegisterFilters, search_projects


def top_level(session) -> list[Project]:
    return list(session.scalars(select(Project).where(Project.parent_id.is_(None))))


def matches(score: int | None, value: str) -> bool:
    if value == "not_coded":
        return score is None
    if score is None:
        return False
    return value == "coded" or (score >= 2 if value == "2-3" else score == int(value))


@pytest.mark.parametrize("marker", ["gender", "human_rights"])
def test_un_marker_counts_agree_with_the_objects(session, marker):
    projects = top_level(session)
    totals = {}
    for value in MARKER_VALUES:
        expected = sum(
            matches(next((m.score for m in p.markers if m.marker == marker), None), value)
            for p in projects
        )
        filters = RegisterFilters(**{f"{marker}_marker": value})
        totals[value] = search_projects(session, filters).total
        assert totals[value] == expected, value
    assert totals["not_coded"] + totals["coded"] == len(projects)
    assert sum(totals[s] for s in "0123") == totals["coded"]
    assert totals["2"] + totals["3"] == totals["2-3"]
    assert totals["not_coded"] > 0 and totals["2-3"] > 0  # the seed has both


def test_policy_marker_counts_significance_1_and_up(session):
    projects = top_level(session)
    for code in ("1", "6", "8", "10"):
        expected = sum(
            any(m.code == code and m.vocabulary == "1" and (m.significance or 0) >= 1
                for m in p.policy_markers)
            for p in projects
        )  # fmt: skip
        assert search_projects(session, RegisterFilters(policy_marker=code)).total == expected
    both = RegisterFilters(gender_marker="2-3", policy_marker="1", status=2)
    expected = sum(
        p.status == 2
        and any(m.marker == "gender" and m.score >= 2 for m in p.markers)
        and any(m.code == "1" and (m.significance or 0) >= 1 for m in p.policy_markers)
        for p in projects
    )
    assert search_projects(session, both).total == expected > 0


def test_the_url_values():
    filters, problems = RegisterFilters.from_args(MultiDict(
        [("gender_marker", "2-3"), ("human_rights_marker", "not_coded"), ("policy_marker", "8")]
    ))  # fmt: skip
    assert (filters.gender_marker, filters.human_rights_marker, filters.policy_marker) == (
        "2-3", "not_coded", "8")  # fmt: skip
    assert problems == [] and filters.is_filtered
    assert filters.url_args() == {"gender_marker": "2-3", "human_rights_marker": "not_coded",
                                  "policy_marker": "8"}  # fmt: skip
    filters, problems = RegisterFilters.from_args(
        MultiDict([("gender_marker", "4"), ("human_rights_marker", "none"),
                   ("policy_marker", "13")])
    )  # fmt: skip
    assert (filters.gender_marker, filters.human_rights_marker, filters.policy_marker) == (
        None, None, None)  # fmt: skip
    assert len(problems) == 3 and "Gender Equality Marker “4”" in problems[0]
