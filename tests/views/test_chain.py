"""The results chain's pages, the form that links a project to outputs, and the API."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from tests.factories import make_project
from tests.forms import page_form
from tests.views.test_api import conforms
from tests.views.test_project_edit import signed_in
from tracker.extensions import db
from tracker.models import Project
from tracker.models.results import ResultNode


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_chain_page_shows_priorities_labels_and_progress(client):
    page = text(client.get("/results"))
    assert "SP1 · Human development and equal participation" in page
    assert page.count(">Illustrative</span>") == 18  # 6 outcomes and 12 outputs, not the priorities
    assert ">Moving away</span>" in page and ">Target achieved</span>" in page


def test_a_node_page_lists_as_many_projects_as_the_chain_page_counts(app, client):
    with app.app_context():
        output = db.session.scalars(select(ResultNode).where(ResultNode.code == "OP2.1.2")).one()
        linked = len(output.projects)
    page = text(client.get("/results/nodes/OP2.1.2"))
    assert page.count('href="/projects/') - page.count('href="/projects/"') == linked
    assert f"{linked} projects" in text(client.get("/results"))
    assert client.get("/results/nodes/NOPE").status_code == 404


def test_an_analyst_links_a_project_through_the_rendered_form(app):
    with app.app_context():
        project_id = make_project(db.session).id
        db.session.commit()
    client = signed_in(app)
    assert "Not linked to an output" in text(client.get(f"/projects/{project_id}"))
    form = page_form(client.get(f"/projects/{project_id}/outputs"), ".outputs-form")
    response = form.check("outputs", "OP1.2.1").check("outputs", "OP3.1.2").submit(client)
    assert response.status_code == 302
    page = text(client.get(response.location))
    assert "OP1.2.1" in page and "The outputs of" in page
    with app.app_context():
        assert [n.code for n in db.session.get(Project, project_id).outputs] == [
            "OP1.2.1",
            "OP3.1.2",
        ]
    form = page_form(client.get(f"/projects/{project_id}/outputs"), ".outputs-form")
    assert form.uncheck("outputs", "OP1.2.1").submit(client).status_code == 302
    with app.app_context():
        assert [n.code for n in db.session.get(Project, project_id).outputs] == ["OP3.1.2"]


def test_a_stale_outputs_form_is_refused(app):
    with app.app_context():
        project_id = make_project(db.session).id
        db.session.commit()
    alice, bob = signed_in(app), signed_in(app, "admin")
    stale = page_form(alice.get(f"/projects/{project_id}/outputs"), ".outputs-form")
    page_form(bob.get(f"/projects/{project_id}/outputs"), ".outputs-form").check(
        "outputs", "OP1.1.1"
    ).submit(bob)
    response = stale.check("outputs", "OP2.2.2").submit(alice)
    assert response.status_code == 409
    with app.app_context():
        assert [n.code for n in db.session.get(Project, project_id).outputs] == ["OP1.1.1"]


def test_a_viewer_cannot_link(app):
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
    assert signed_in(app, "viewer").get(f"/projects/{project_id}/outputs").status_code == 403


def test_the_api_serves_the_chain_as_documented(api):
    body = conforms(api("/results"), "/results")
    codes = [node["code"] for node in body["items"]]
    assert codes == ["SP1", "SP2", "SP3"]
    outcome = body["items"][0]["children"][0]
    assert outcome["illustrative"] is True and outcome["level"] == "outcome"
    assert outcome["indicators"][0]["progress"]["status"] in {
        "achieved", "on_track", "limited", "moving_away", "no_data"}  # fmt: skip
    assert all(child["level"] == "output" for child in outcome["children"])


def test_an_admin_adds_an_outcome_and_an_output_through_the_rendered_forms(app):
    admin = signed_in(app, "admin")
    form = page_form(admin.get("/admin/results/new?level=outcome&parent=SP2"), ".node-form")
    form.set("code", "OC2.9").set("title_en", "Courts decide faster").set("targets", "16.3, 16.6")
    response = form.check("illustrative", "y").submit(admin)
    assert response.status_code == 302
    form = page_form(admin.get("/admin/results/new?level=output&parent=OC2.9"), ".node-form")
    assert (
        form.set("code", "OP2.9.1")
        .set("title_en", "E-filing in every court")
        .submit(admin)
        .status_code
        == 302
    )
    page = text(admin.get("/results"))
    assert "OC2.9 · Courts decide faster" in page and "OP2.9.1" in page
    with app.app_context():
        node = db.session.scalars(select(ResultNode).where(ResultNode.code == "OC2.9")).one()
        assert (node.parent.code, [t.code for t in node.targets], node.illustrative) == (
            "SP2", ["16.3", "16.6"], True)  # fmt: skip


def test_a_node_with_a_wrong_parent_or_a_taken_code_is_refused(app):
    admin = signed_in(app, "admin")
    form = page_form(admin.get("/admin/results/new?level=output&parent=SP1"), ".node-form")
    response = form.set("code", "OC1.1").set("title_en", "x").set("targets", "99.9").submit(admin)
    assert response.status_code == 422
    page = text(response)
    assert "already has the code" in page and "an output to an outcome" in page
    assert "Not SDG targets: 99.9." in page


def test_deleting_a_node_is_refused_while_it_has_children_and_asked_first_otherwise(app):
    admin = signed_in(app, "admin")
    page = admin.get("/admin/results/OC1.1/delete")
    assert "It cannot be deleted yet" in text(page) and "2 nodes under it" in text(page)
    form = page_form(admin.get("/admin/results/new?level=output&parent=OC1.1"), ".node-form")
    form.set("code", "OP-TEMP").set("title_en", "Temporary").submit(admin)
    confirm = admin.get("/admin/results/OP-TEMP/delete")
    assert page_form(confirm, ".delete-node-form").submit(admin).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ResultNode).where(ResultNode.code == "OP-TEMP")) is None


def test_an_analyst_cannot_change_the_chain(app):
    assert signed_in(app).get("/admin/results/new").status_code == 403
