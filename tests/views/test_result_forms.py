"""Recording results through the pages' own forms, as an analyst does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from tests.factories import add_indicator, make_project
from tests.forms import page_form
from tests.views.test_project_edit import signed_in
from tracker.extensions import db
from tracker.models.results import IndicatorPeriod, ProjectResult, ResultIndicator


@pytest.fixture
def project_id(app) -> int:
    with app.app_context():
        start, end = date(2023, 1, 1), date(2027, 12, 31)
        project = make_project(db.session, planned_start=start, actual_start=start, planned_end=end)
        db.session.commit()
        return project.id


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_an_analyst_adds_a_result_an_indicator_a_target_and_an_actual(app, project_id):
    client = signed_in(app)
    page = client.get(f"/projects/{project_id}")
    assert "No results recorded yet." in text(page)

    form = page_form(client.get(f"/projects/{project_id}/results/new"), ".results-form")
    response = form.set("title", "Clinics equipped").submit(client)
    assert response.status_code == 302 and "/indicators/new" in response.location

    form = page_form(client.get(response.location), ".results-form")
    form.set("title_en", "Clinics with telemedicine").set("baseline_year", "2022")
    form.set("baseline_value", "4").set("sdg_indicator", "3.8.1")
    response = form.submit(client)
    assert response.status_code == 302 and "/periods/new" in response.location

    form = page_form(client.get(response.location), ".results-form")
    assert form.values()["start"] == "2023-01-01"  # the year after the baseline's
    response = form.set("target_value", "40").submit(client)
    assert response.status_code == 302
    indicator_page = client.get(response.location)
    assert ">Not enough data</span>" in text(indicator_page)

    with app.app_context():
        result = db.session.scalars(
            select(ProjectResult).where(ProjectResult.project_id == project_id)
        ).one()
        indicator_id = result.indicators[0].id
        period_id = result.indicators[0].periods[0].id
    form = page_form(client.get(f"/indicators/{indicator_id}/periods/{period_id}/actual"),
                     ".results-form")  # fmt: skip
    response = (
        form.set("actual_value", "39").set("actual_comment", "Ministry report").submit(client)
    )
    assert response.status_code == 302
    after = text(client.get(response.location))
    assert ">On track</span>" in after and "Ministry report" in after and "<svg" in after
    assert "Results: Clinics with telemedicine · 2023 · actual" in after  # its history
    assert "Clinics with telemedicine" in text(client.get(f"/projects/{project_id}"))


def test_a_wrong_actual_is_shown_next_to_the_field_and_nothing_is_saved(app, project_id):
    with app.app_context():
        project = db.session.get(type(make_project(db.session)), project_id)
        indicator = add_indicator(db.session, project, periods=((2025, "50", None),))
        db.session.commit()
        period_id = indicator.periods[0].id
        url = f"/indicators/{indicator.id}/periods/{period_id}/actual"
    client = signed_in(app)
    response = (
        page_form(client.get(url), ".results-form").set("actual_value", "about 40").submit(client)
    )
    assert response.status_code == 422
    assert "“about 40” is not a number" in text(response)
    with app.app_context():
        assert db.session.get(IndicatorPeriod, period_id).actual_value is None


def test_a_stale_actual_form_is_refused_with_what_changed(app, project_id):
    with app.app_context():
        project = db.session.get(type(make_project(db.session)), project_id)
        indicator = add_indicator(db.session, project, periods=((2025, "50", None),))
        db.session.commit()
        period_id = indicator.periods[0].id
        url = f"/indicators/{indicator.id}/periods/{period_id}/actual"
    alice, bob = signed_in(app), signed_in(app, "admin")
    alice_form = page_form(alice.get(url), ".results-form")
    page_form(bob.get(url), ".results-form").set("actual_value", "20").submit(bob)
    response = alice_form.set("actual_value", "30").submit(alice)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(IndicatorPeriod, period_id).actual_value == Decimal(20)
    again = page_form(response, ".results-form").submit(alice)  # saving again applies it
    assert again.status_code == 302


def test_deleting_an_indicator_asks_first(app, project_id):
    with app.app_context():
        project = db.session.get(type(make_project(db.session)), project_id)
        indicator_id = add_indicator(db.session, project).id
        db.session.commit()
    client = signed_in(app)
    confirm = client.get(f"/indicators/{indicator_id}/delete")
    assert "Delete the indicator?" in text(confirm)
    assert page_form(confirm, ".results-form").submit(client).status_code == 302
    with app.app_context():
        assert db.session.get(ResultIndicator, indicator_id) is None
        assert db.session.scalar(
            select(ProjectResult.id).where(ProjectResult.project_id == project_id)
        )


def test_a_viewer_cannot_record(app, project_id):
    viewer = signed_in(app, "viewer")
    assert viewer.get(f"/projects/{project_id}/results/new").status_code == 403
