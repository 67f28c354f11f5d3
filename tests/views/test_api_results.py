"""The API's project detail with results (indicators, baselines, periods with targets,
actuals and breakdowns, progress by the shared rule), policy markers and the UN markers,
checked against the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import select

from tests.iati_results_files import results_file
from tests.services.exchange.test_importing_results import imported
from tests.views.test_api import conforms
from tracker.extensions import db
from tracker.models import Project
from tracker.models.results import ProjectMarker
from tracker.services.results.progress import indicator_progress


def test_a_project_carries_its_results_markers_and_progress(app, api):
    with app.app_context():
        imported(db.session, results_file())
        project = db.session.scalars(select(Project).where(Project.code == "XM-TEST-RES")).one()
        db.session.add(ProjectMarker(project=project, marker="gender", score=2,
                                     justification="Women lead"))  # fmt: skip
        db.session.commit()
        expected = indicator_progress(project.results[0].indicators[0])
    body = conforms(api("/projects/XM-TEST-RES"), "/projects/{key}")
    skills, emissions = body["results"]
    assert (skills["type"], skills["title"], emissions["type"]) == (1, "Skills improved", 2)
    trained, policy = skills["indicators"]
    assert trained["reference"] == {"vocabulary": "9", "code": "4.4.1"}
    assert trained["baseline"] == {"year": 2023, "value": "10", "comment": "Before the project"}
    first = trained["periods"][0]
    assert (first["start"], first["end"]) == ("2024-01-01", "2024-12-31")
    assert first["target"] == {"value": "100", "comment": "", "breakdowns": []}
    assert first["actual"]["value"] == "80" and first["actual"]["comment"] == "Slow start"
    assert first["actual"]["breakdowns"] == [
        {"dimension": "sex", "category": "female", "value": "50", "comment": ""},
        {"dimension": "sex", "category": "male", "value": "30", "comment": ""},
    ]
    assert trained["progress"]["status"] == expected.status
    assert trained["progress"]["covered"] == format(expected.covered.quantize(
        expected.covered.__class__("0.0001")), "f")  # fmt: skip
    assert policy["measure"] == 5 and policy["progress"] is None
    assert policy["periods"][0]["actual"]["value"] is None
    assert emissions["indicators"][0]["ascending"] is False
    assert emissions["indicators"][0]["baseline"]["value"] == "1250.5"
    assert body["policy_markers"] == [
        {"code": "1", "vocabulary": "1", "significance": 2},
        {"code": "7", "vocabulary": "1", "significance": 1},
        {"code": "YOUTH", "vocabulary": "99", "significance": 1},
    ]
    assert body["gender_marker"] == {"score": 2, "justification": "Women lead"}
    assert body["human_rights_marker"] is None  # not yet coded


def test_a_project_without_results_says_so(app, api):
    with app.app_context():
        code = db.session.scalars(select(Project.code).limit(1)).one()
    body = conforms(api(f"/projects/{code}"), "/projects/{key}")
    assert "results" in body and isinstance(body["results"], list)
    assert "gender_marker" in body and "human_rights_marker" in body
