"""Status changes on a form opened before someone else changed the project."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.factories import make_project
from tests.forms import page_form
from tests.views.test_project_edit import signed_in, stored
from tracker.extensions import db

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def project_id(app) -> int:
    with app.app_context():
        project = make_project(db.session, title="Solar schools in Turkistan")
        db.session.commit()
        return project.id


def status_form(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/status"), ".status-form")


def test_a_status_no_longer_allowed_is_explained_by_name_and_nothing_is_preselected(
    app, project_id
):
    alice, bob = signed_in(app, "analyst"), signed_in(app, "admin")
    form_a, form_b = status_form(alice, project_id), status_form(bob, project_id)
    form_a.set("to_status", "6").set("effective_date", "2026-11-20").set("reason", "Funds late")
    assert form_a.submit(alice).status_code == 302
    form_b.set("to_status", "3").set("effective_date", "2026-11-25")
    form_b.set("reason", "Works finished, reports pending")
    refused = form_b.submit(bob)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Someone else changed this project while you had this form open" in html
    assert (
        '<span class="before">Implementation</span> → <span class="after">Suspended</span>' in html
    )
    assert "A project in Suspended cannot move to Finalisation" in html
    assert "Not a valid choice" not in html and "6 → 2" not in html
    again = page_form(refused, ".status-form")
    assert again["to_status"] == ""  # not a status Bob never chose
    assert again["effective_date"] == "2026-11-25"
    # (lxml keeps the newline after <textarea> that browsers drop)
    assert again["reason"].strip() == "Works finished, reports pending"
    # Submitting as it is records nothing.
    assert again.submit(bob).status_code == 422
    assert stored(app, project_id).status == 6


def test_a_status_still_allowed_keeps_everything_typed_and_records_on_the_next_click(
    app, project_id
):
    alice, bob = signed_in(app, "analyst"), signed_in(app, "admin")
    bob_form = status_form(bob, project_id)
    edit = page_form(alice.get(f"/projects/{project_id}/edit"), ".project-form")
    edit.set("budget", "1400000")
    assert edit.submit(alice).status_code == 302
    bob_form.set("to_status", "4").set("effective_date", "2026-11-25").set("reason", "Done")
    refused = bob_form.submit(bob)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "USD 100,000 → " not in html  # amounts are money, in spans, with the currency
    assert (
        '<span class="before">USD 100,000</span> → <span class="after">USD 1,400,000</span>' in html
    )
    again = page_form(refused, ".status-form")
    assert (again["to_status"], again["reason"].strip()) == ("4", "Done")
    assert again.submit(bob).status_code == 302
    project = stored(app, project_id)
    assert (project.status, project.budget) == (4, 1400000)
