"""A project's components: "Part of project" in the form as it renders, the rules on it,
and what the project pages say about the hierarchy."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import lxml.html
import pytest

from tests.factories import make_project
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import Project


@pytest.fixture
def projects(app) -> dict[str, int]:
    """A programme with one output, and a project on its own."""
    with app.app_context():
        programme = make_project(db.session, code="KZ-PROG-1", title="Green economy programme",
                                 budget=Decimal("200000"))  # fmt: skip
        output = make_project(db.session, code="KZ-PROG-1-OUT", title="Green jobs output",
                              budget=Decimal("50000"), parent_id=programme.id)  # fmt: skip
        single = make_project(db.session, code="KZ-SINGLE-1", title="Water for villages")
        db.session.commit()
        return {"programme": programme.id, "output": output.id, "single": single.id}


def _edit_form(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/edit"), ".project-form")


def _classed(name: str) -> str:
    """An XPath test for an element with the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _errors(response) -> list[str]:
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return [p.text_content().strip() for p in page.xpath(f"//*[{_classed('field-error')}]")]


def test_an_analyst_makes_a_project_a_component_in_the_form(app, client, sign_in, projects):
    sign_in("analyst")
    form = _edit_form(client, projects["single"])
    assert form.values().get("parent", "") == ""
    form.set("parent", "KZ-PROG-1")
    response = form.submit(client)
    assert response.status_code == 302, _errors(response)
    with app.app_context():
        assert db.session.get(Project, projects["single"]).parent_id == projects["programme"]
    page = client.get(f"/projects/{projects['programme']}").get_data(as_text=True)
    assert "KZ-SINGLE-1" in page and "KZ-PROG-1-OUT" in page
    # The change log names the change; the component's own form shows its parent.
    assert "Part of project" in client.get(f"/projects/{projects['single']}").get_data(True)
    assert _edit_form(client, projects["single"])["parent"] == "KZ-PROG-1"


def test_a_component_is_taken_out_of_its_project_by_clearing_the_field(
    app, client, sign_in, projects
):
    sign_in("analyst")
    form = _edit_form(client, projects["output"])
    assert form["parent"] == "KZ-PROG-1"
    assert form.submit(client).status_code == 302  # unchanged: saves as it is
    form = _edit_form(client, projects["output"])
    form.set("parent", "")
    assert form.submit(client).status_code == 302
    with app.app_context():
        assert db.session.get(Project, projects["output"]).parent_id is None
    changes = client.get(f"/projects/{projects['output']}").get_data(as_text=True)
    assert re.search(r"Part of project</strong>:.*KZ-PROG-1", changes, re.S)


@pytest.mark.parametrize(
    ("edited", "parent", "message"),
    [
        ("single", "KZ-NOWHERE", "There is no project with the code KZ-NOWHERE."),
        ("single", "KZ-SINGLE-1", "A project cannot be a component of itself."),
        ("programme", "KZ-PROG-1-OUT",
         "KZ-PROG-1-OUT is a component of this project, so it cannot also be its parent."),
        ("single", "KZ-PROG-1-OUT", "KZ-PROG-1-OUT is itself a component of another project; "
         "choose a top-level project (components have no components)."),
    ],
)  # fmt: skip
def test_the_rules_refuse_cycles_and_a_second_level(
    app, client, sign_in, projects, edited, parent, message
):
    sign_in("analyst")
    form = _edit_form(client, projects[edited])
    form.set("parent", parent)
    response = form.submit(client)
    assert response.status_code == 422
    assert message in _errors(response)
    with app.app_context():
        assert db.session.get(Project, projects[edited]).parent_id in (None, projects["programme"])
        assert db.session.get(Project, projects["programme"]).parent_id is None


def test_a_project_with_components_cannot_become_a_component(app, client, sign_in, projects):
    sign_in("analyst")
    form = _edit_form(client, projects["programme"])
    form.set("parent", "KZ-SINGLE-1")
    response = form.submit(client)
    assert response.status_code == 422
    assert ("This project has components of its own, so it cannot be a component "
            "(one level only).") in _errors(response)  # fmt: skip


def test_a_new_project_can_be_created_as_a_component(app, client, sign_in, projects):
    sign_in("analyst")
    form = page_form(client.get("/projects/new"), ".project-form")
    form.set("code", "KZ-PROG-1-OUT2").set("title", "Second output").set("parent", "KZ-PROG-1")
    form.set("budget", "0")
    form.check("targets", "3.8")
    response = form.submit(client)
    assert response.status_code == 302, _errors(response)
    with app.app_context():
        created = db.session.query(Project).filter_by(code="KZ-PROG-1-OUT2").one()
        assert created.parent_id == projects["programme"]


def test_the_pages_show_the_hierarchy(client, projects):
    component = client.get(f"/projects/{projects['output']}").get_data(as_text=True)
    assert "Component of" in component
    assert f'href="/projects/{projects["programme"]}"' in component
    page = lxml.html.fromstring(client.get(f"/projects/{projects['programme']}").get_data(True))
    rows = [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in page.xpath(f"//section[{_classed('components')}]//tbody/tr")
    ]
    assert rows == [["KZ-PROG-1-OUT", "Green jobs output", "Implementation", "USD 50,000"]]
    total = page.xpath(f"//section[{_classed('components')}]//tfoot//td")[0].text_content().strip()
    assert total == "USD 250,000"


def test_the_register_counts_the_programme_once_and_says_it_has_components(client, projects):
    page = lxml.html.fromstring(client.get("/projects?q=KZ-PROG").get_data(as_text=True))
    codes = [code.text_content() for code in page.xpath(f"//td[{_classed('col-code')}]/code")]
    assert codes == ["KZ-PROG-1"]
    assert (
        page.xpath(f"//*[{_classed('tag-components')}]")[0].text_content().strip() == "1 component"
    )
    found = lxml.html.fromstring(client.get("/projects?q=jobs+output").get_data(as_text=True))
    assert [c.text_content() for c in found.xpath(f"//td[{_classed('col-code')}]/code")] == [
        "KZ-PROG-1"
    ]
    assert "matched component KZ-PROG-1-OUT" in found.text_content()


def test_the_csv_export_keeps_each_component_after_its_project(client, projects):
    response = client.get("/projects/export.csv?q=KZ-PROG&sort=code")
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = [(row["code"], row["parent_code"], row["budget"])
            for row in csv.DictReader(io.StringIO(text, newline=""))]  # fmt: skip
    assert rows == [("KZ-PROG-1", "", "200000.00"), ("KZ-PROG-1-OUT", "KZ-PROG-1", "50000.00")]
