"""GET /api/v1/changes: the recent changes for scripts, checked against the OpenAPI document."""

import pytest

from tests.views.conftest import PREFIX
from tests.views.test_activity import suspend
from tests.views.test_api import conforms


def test_a_seeded_portfolio_has_no_changes(api):
    body = conforms(api("/changes?days=all"), "/changes", 200)
    assert body["items"] == [] and body["pagination"]["total"] == 0
    assert body["filters"] == {"days": "all", "who": None}


def test_a_status_change_comes_with_its_fields_and_reason(app, client, sign_in, api):
    project = suspend(app, client, sign_in)
    body = conforms(api("/changes"), "/changes", 200)
    assert body["pagination"]["total"] == 1 and body["pagination"]["next"] is None
    [item] = body["items"]
    assert item["project"]["code"] == project.code and not item["created"]
    assert item["project"]["url"].endswith(f"{PREFIX}/projects/{project.code}")
    assert item["revision"]["changes"] == [
        {"field": "status", "label": "Status", "before": "2", "after": "6"}
    ]
    assert item["status_change"]["reason"] == "Co-financing delayed"
    assert item["status_change"]["to"]["code"] == 6
    assert item["revision"]["changed_by"] == "Demo analyst"
    who = conforms(api("/changes?who=Demo+administrator"), "/changes", 200)
    assert who["items"] == [] and who["filters"]["who"] == "Demo administrator"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("days=12", ["days"]),
        ("page=0", ["page"]),
        ("page=7", ["page"]),  # after the last page
        ("goal=3", ["goal"]),  # not a parameter of this list
        ("days=7&days=30", ["days"]),  # one value per parameter
        ("days=", ["days"]),  # empty: not the default
        ("who=" + "x" * 121, ["who"]),  # no name is that long; never cut to fit
        ("page=%C2%B2", ["page"]),  # a superscript two is a digit to Python, not a page
        ("page=1000001", ["page"]),
        ("who=%00", ["who"]),  # no name holds a NUL (and PostgreSQL refused the query: a 500)
    ],
)
def test_parameters_that_cannot_be_used_are_a_400_that_names_them(api, query, names):
    body = conforms(api(f"/changes?{query}"), "/changes", 400)
    assert sorted(body["problems"]) == names


def test_the_changes_need_credentials(app):
    assert app.test_client().get(f"{PREFIX}/changes").status_code == 401
