"""Amounts in the change log (project page and recent changes) read as money."""

from decimal import Decimal

from tests.factories import make_project
from tests.forms import page_form
from tracker.extensions import db


def test_a_budget_change_is_shown_as_money_in_the_readers_language(app, client, sign_in):
    sign_in("analyst")
    with app.app_context():
        project_id = make_project(db.session, budget=Decimal("1250000.50")).id
        db.session.commit()
    form = page_form(client.get(f"/projects/{project_id}/edit"), ".project-form")
    form.set("budget", "1400000")
    assert form.submit(client).status_code == 302
    expected = (
        '<span class="before">USD 1,250,000.50</span> → <span class="after">USD 1,400,000</span>'
    )
    assert expected in client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert expected in client.get("/changes").get_data(as_text=True)
    client.set_cookie("lang", "ru")
    russian = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "USD 1\xa0250\xa0000,50" in russian and "1250000.50" not in russian
