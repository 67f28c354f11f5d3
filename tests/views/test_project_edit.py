"""Editing a project through the form it renders, alone and against another analyst."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest
from sqlalchemy import select

from tests.conftest import password_of
from tests.factories import make_project
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import Project


@pytest.fixture
def project_id(app) -> int:
    with app.app_context():
        project = make_project(
            db.session, title="Clean water for Shymkent", description="Pipes and pumps.",
            budget=Decimal("1250000.50"),
        )  # fmt: skip
        db.session.commit()
        return project.id


def signed_in(app, role: str = "analyst"):
    """A client of its own (a second browser), signed in as the demo account of ``role``."""
    client = app.test_client()
    username, password = password_of(role)
    form = page_form(client.get("/sign-in"), "#sign-in-form")
    response = form.set("username", username).set("password", password).submit(client)
    assert response.status_code == 302
    return client


def stored(app, project_id: int) -> Project:
    with app.app_context():
        project = db.session.get(Project, project_id)
        db.session.expunge(project)
        return project


def edit(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/edit"), ".project-form")


def test_a_project_saves_from_its_edit_form_unchanged_and_changed(app, project_id):
    client = signed_in(app)
    assert edit(client, project_id).submit(client).status_code == 302
    form = edit(client, project_id)
    form.set("title", "Clean water for all of Shymkent")
    response = form.submit(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Clean water for all of Shymkent</h1>" in page
    assert stored(app, project_id).status == 2  # the edit form does not touch the status


def test_every_problem_is_shown_next_to_a_visible_field(app, project_id):
    client = signed_in(app)
    form = edit(client, project_id)
    form.set("title", "")
    response = form.submit(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 field needs attention" in html
    assert '<p class="field-error" id="title-error">Give the project a title.</p>' in html


def test_the_count_of_fields_needing_attention_matches_the_fields_that_say_why(app, project_id):
    client = signed_in(app)
    form = edit(client, project_id)
    form.set("title", "").set("budget", "-5").set("planned_end", "2023-01-01")
    form.set("title_ru", "x" * 301).uncheck("targets", "3.8")
    html = form.submit(client).get_data(as_text=True)
    page = lxml.html.fromstring(html)
    has_error = "contains(concat(' ', @class, ' '), ' has-error ')"
    flagged = page.xpath(f"//form[contains(@class, 'project-form')]//*[{has_error}]")
    assert all(field.xpath(".//*[@class='field-error']") for field in flagged)
    assert f"{len(flagged)} fields need attention" in html and len(flagged) == 5


def test_saving_after_another_edit_keeps_both_changes(app, project_id):
    alice, bob = signed_in(app, "analyst"), signed_in(app, "admin")
    form_a, form_b = edit(alice, project_id), edit(bob, project_id)
    form_a.set("description", "Pipes, pumps and meters.")
    assert form_a.submit(alice).status_code == 302
    form_b.set("title", "Clean water for Shymkent and Turkistan")
    response = form_b.submit(bob)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = bob.get(response.headers["Location"]).get_data(as_text=True)
    assert "Changes saved by Demo analyst since you opened the form were kept: Description." in page
    project = stored(app, project_id)
    assert project.title == "Clean water for Shymkent and Turkistan"
    assert project.description == "Pipes, pumps and meters."


def test_a_same_field_conflict_shows_both_values_and_the_user_chooses(app, project_id):
    alice, bob = signed_in(app, "analyst"), signed_in(app, "admin")
    form_a, form_b = edit(alice, project_id), edit(bob, project_id)
    form_a.set("title", "Alice's title")
    form_a.set("budget", "1400000")
    assert form_a.submit(alice).status_code == 302
    form_b.set("title", "Bob's title")
    form_b.set("description", "Bob's description.")
    refused = form_b.submit(bob)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Alice&#39;s title" in html and "Bob&#39;s title" in html
    assert "Demo analyst" in html
    assert "Choose which value to keep." not in html  # not yet: they were not asked before
    # Alice's budget is in the form now, formatted in the panel as money.
    again = page_form(refused, ".project-form")
    assert again["budget"] in ("1400000.00", "1400000")
    assert "USD 1,250,000.50" in html and "USD 1,400,000" in html
    assert again.options("resolve-title") == ["theirs", "mine"]
    # Saving without choosing asks again; nothing is saved.
    unanswered = again.submit(bob)
    assert unanswered.status_code == 409
    assert "Choose which value to keep." in unanswered.get_data(as_text=True)
    assert stored(app, project_id).title == "Alice's title"
    again.check("resolve-title", "mine")
    saved = again.submit(bob)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    project = stored(app, project_id)
    assert (project.title, project.description) == ("Bob's title", "Bob's description.")
    assert project.budget == 1400000


def test_choosing_theirs_keeps_the_other_value(app, project_id):
    alice, bob = signed_in(app, "analyst"), signed_in(app, "admin")
    form_a, form_b = edit(alice, project_id), edit(bob, project_id)
    form_a.uncheck("targets", "3.8").check("targets", "6.1")
    assert form_a.submit(alice).status_code == 302
    form_b.check("targets", "6.2")
    form_b.set("title", "Bob's title")
    refused = form_b.submit(bob)
    assert refused.status_code == 409
    again = page_form(refused, ".project-form")
    again.check("resolve-targets", "theirs")
    assert again.submit(bob).status_code == 302
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert [link.target.code for link in project.targets] == ["6.1"]
        assert project.title == "Bob's title"
        assert db.session.scalar(select(Project.version).where(Project.id == project_id)) == 3
