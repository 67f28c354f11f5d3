"""The markers form, the project page's markers section and the markers dashboard, as a
person uses them."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import lxml.html
import pytest
from sqlalchemy import select

from tests.factories import make_project
from tests.forms import page_form
from tests.views.test_project_edit import signed_in
from tracker.extensions import db
from tracker.models import Project, ProjectRevision
from tracker.models.results import ProjectMarker, ProjectPolicyMarker


@pytest.fixture
def project_id(app) -> int:
    with app.app_context():
        project = make_project(db.session)
        db.session.commit()
        return project.id


def markers_form(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/markers"), ".markers-form")


def stored(app, project_id: int) -> tuple[dict, dict]:
    with app.app_context():
        markers = {
            m.marker: (m.score, m.justification)
            for m in db.session.scalars(
                select(ProjectMarker).where(ProjectMarker.project_id == project_id)
            )
        }
        policy = {
            m.code: m.significance
            for m in db.session.scalars(
                select(ProjectPolicyMarker).where(ProjectPolicyMarker.project_id == project_id)
            )
        }
        return markers, policy  # fmt: skip


def markers_section(html: str) -> str:
    """The text of the project page's markers section."""
    return (
        lxml.html.fromstring(html)
        .get_element_by_id("markers")
        .getparent()
        .getparent()
        .text_content()
    )


def registered(client, url: str) -> int:
    """The number of projects the register says it lists at ``url``."""
    html = client.get(unescape(url)).get_data(as_text=True)
    match = re.search(r'id="result-count"><strong>([\d,]+)</strong>', html)
    assert match, url
    return int(match.group(1).replace(",", ""))


def test_a_new_project_is_not_yet_coded(app, project_id):
    client = signed_in(app)
    form = markers_form(client, project_id)
    assert form["gender"] == "" and form["human_rights"] == ""
    assert form.options("gender") == ["", "0", "1", "2", "3"]
    assert form.options("policy_8") == ["", "0", "1", "2", "3", "4"]
    html = client.get(f"/projects/{project_id}").get_data(as_text=True)
    section = markers_section(html)
    assert section.count("Not yet coded") == 2
    assert "No policy markers recorded." in section


def test_coding_a_project_saves_shows_and_logs_it(app, project_id):
    client = signed_in(app)
    form = markers_form(client, project_id)
    form.set("gender", "2").set("gender_justification", "Gender analysis shapes outputs 1 and 2.")
    form.set("human_rights", "0").set("policy_1", "1").set("policy_10", "2")
    response = form.submit(client, button="save=1")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app, project_id) == (
        {"gender": (2, "Gender analysis shapes outputs 1 and 2."), "human_rights": (0, "")},
        {"1": 1, "10": 2},
    )
    html = client.get(f"/projects/{project_id}").get_data(as_text=True)
    section = markers_section(html)
    assert "Significant contribution to gender equality" in section
    assert "Gender analysis shapes outputs 1 and 2." in section
    assert "Not expected to contribute to the realisation of human rights" in section
    assert "Not yet coded" not in section
    assert "Disaster Risk Reduction (DRR)" in section and "principal objective" in section
    with app.app_context():
        revision = db.session.scalars(
            select(ProjectRevision).where(ProjectRevision.project_id == project_id)
            .order_by(ProjectRevision.version.desc())
        ).first()  # fmt: skip
        assert revision.snapshot["gender_marker"] == "2: Gender analysis shapes outputs 1 and 2."
        assert revision.snapshot["policy_markers"] == "1/1: 1; 1/10: 2"
    # Back to "not yet coded": the row goes, it does not become 0.
    form = markers_form(client, project_id)
    assert form["gender"] == "2" and form["policy_10"] == "2"
    form.set("gender", "").set("gender_justification", "").set("policy_10", "")
    assert form.submit(client, button="save=1").status_code == 302
    assert stored(app, project_id) == ({"human_rights": (0, "")}, {"1": 1})


def test_a_score_without_justification_is_refused_next_to_the_field(app, project_id):
    client = signed_in(app)
    form = markers_form(client, project_id)
    form.set("human_rights", "1").set("policy_1", "2")
    response = form.submit(client, button="save=1")
    assert response.status_code == 422
    page = lxml.html.fromstring(response.get_data(as_text=True))
    error = page.get_element_by_id("human_rights_justification-error")
    assert "needs a justification" in error.text_content()
    assert stored(app, project_id) == ({}, {})
    # The page keeps what was chosen; adding the reason saves it.
    form = page_form(response, ".markers-form")
    assert form["human_rights"] == "1" and form["policy_1"] == "2"
    form.set("human_rights_justification", "Rights-holders consulted on the design.")
    assert form.submit(client, button="save=1").status_code == 302
    assert stored(app, project_id)[0] == {
        "human_rights": (1, "Rights-holders consulted on the design.")
    }


def test_significance_3_is_for_desertification_only(app, project_id):
    client = signed_in(app)
    form = markers_form(client, project_id)
    form.set("policy_7", "3")
    response = form.submit(client, button="save=1")
    assert response.status_code == 422
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert "is for desertification only" in page.get_element_by_id("policy_7-error").text_content()
    assert stored(app, project_id) == ({}, {})
    form = page_form(response, ".markers-form").set("policy_7", "2").set("policy_8", "3")
    assert form.submit(client, button="save=1").status_code == 302
    assert stored(app, project_id)[1] == {"7": 2, "8": 3}


def test_a_stale_form_is_refused_with_what_changed(app, project_id):
    mine, theirs = signed_in(app), signed_in(app, "admin")
    my_form = markers_form(mine, project_id)
    their_form = markers_form(theirs, project_id)
    their_form.set("gender", "3").set("gender_justification", "The principal objective.")
    assert their_form.submit(theirs, button="save=1").status_code == 302
    my_form.set("gender", "1").set("gender_justification", "Some activities.")
    response = my_form.submit(mine, button="save=1")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this project" in html and "Gender Equality Marker" in html
    assert stored(app, project_id)[0] == {"gender": (3, "The principal objective.")}
    # My entries stay; saving again applies them to the project as it is now.
    again = page_form(response, ".markers-form")
    assert again["gender"] == "1"
    assert again.submit(mine, button="save=1").status_code == 302
    assert stored(app, project_id)[0] == {"gender": (1, "Some activities.")}


def test_viewers_cannot_code_and_see_no_edit_link(app, project_id):
    viewer = signed_in(app, "viewer")
    assert viewer.get(f"/projects/{project_id}/markers").status_code == 403
    html = viewer.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f"/projects/{project_id}/markers" not in html
    analyst = signed_in(app)
    html = analyst.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f"/projects/{project_id}/markers" in html


def test_the_register_filters_by_marker_from_its_own_form(app, project_id):
    client = signed_in(app)
    form = markers_form(client, project_id)
    form.set("gender", "3").set("gender_justification", "Principal.").set("policy_11", "1")
    form.submit(client, button="save=1")
    with app.app_context():
        code = db.session.get(Project, project_id).code
    form = page_form(client.get("/projects"), ".register-filters")
    assert "2-3" in form.options("gender_marker") and "not_coded" in form.options("gender_marker")
    form.set("gender_marker", "2-3").set("policy_marker", "11").set("q", code)
    # The form sends its empty fields too; the register redirects to the short address.
    response = form.submit(client, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert code in html and "Gender Equality Marker: 2 or 3" in html
    assert registered(client, f"/projects?q={code}&gender_marker=not_coded") == 0
    assert registered(client, f"/projects?q={code}&human_rights_marker=not_coded") == 1
    assert registered(client, f"/projects?q={code}&gender_marker=0") == 0


def test_every_dashboard_number_opens_a_register_counting_it(app, client):
    html = client.get("/dashboard/markers").get_data(as_text=True)
    page = lxml.html.fromstring(html)
    assert "Gender equality and human rights markers" in html
    links = [
        (a.get("href"), a.text_content().strip())
        for a in page.xpath("//a")
        if "/projects?" in (a.get("href") or "") and a.text_content().strip().isdigit()
    ]
    assert len(links) > 50
    for href, text in links[:: max(1, len(links) // 40)]:  # a spread of them, to stay quick
        assert registered(client, href) == int(text), href
    assert 'href="/dashboard/markers?' in client.get("/dashboard").get_data(as_text=True)


def test_the_csv_export_and_the_api_select_the_registers_projects(app, client, api):
    query = "gender_marker=2-3&human_rights_marker=coded&policy_marker=1"
    count = registered(client, f"/projects?{query}")
    assert count > 0
    csv_text = client.get(f"/projects/export.csv?{query}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert len([row for row in rows if not row["parent_code"]]) == count
    body = api(f"/projects?{query}").get_json()
    assert body["pagination"]["total"] == count
    assert api("/projects?gender_marker=5").status_code == 400


def test_the_pages_render_in_kazakh_and_russian(app, client, project_id):
    analyst = signed_in(app)
    for language in ("kk", "ru"):
        for who, path in ((client, "/dashboard/markers"), (analyst, f"/projects/{project_id}"),
                          (analyst, f"/projects/{project_id}/markers"),
                          (client, "/projects?gender_marker=2-3&policy_marker=10")):  # fmt: skip
            who.set_cookie("lang", language)
            response = who.get(path)
            assert response.status_code == 200, (language, path)
            assert f'lang="{language}"' in response.get_data(as_text=True)


def test_the_dashboard_without_projects_says_so(make_app):
    client = make_app("reference").test_client()
    html = client.get("/dashboard/markers").get_data(as_text=True)
    assert "No projects match these filters" in html


def test_the_dashboard_says_how_many_projects_lack_a_rate(make_app):
    app = make_app("reference")
    with app.app_context():
        for currency, score in (("USD", 2), ("KZT", 3)):
            project = make_project(db.session, currency=currency)
            project.markers.append(ProjectMarker(marker="gender", score=score, justification="W"))
        db.session.commit()
    html = app.test_client().get("/dashboard/markers").get_data(as_text=True)
    assert "1 project has money in a currency and year without an exchange rate to USD" in html
    assert "KZT 2024" in html
