"""The annual figures form and the project page's money section, as a person uses them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import lxml.html
import pytest
from sqlalchemy import select

from tests.factories import make_project
from tests.forms import page_form
from tests.views.test_project_edit import signed_in
from tracker.extensions import db
from tracker.models import AnnualFigure, Project


@pytest.fixture
def project_id(app) -> int:
    with app.app_context():
        project = make_project(
            db.session, budget=Decimal("500000"), planned_start=date(2024, 1, 1),
            planned_end=date(2026, 12, 31),
        )  # fmt: skip
        db.session.commit()
        return project.id


def money_form(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/money"), ".annual-form")


def rows(app, project_id: int) -> dict:
    with app.app_context():
        figures = db.session.scalars(
            select(AnnualFigure).where(AnnualFigure.project_id == project_id)
        )
        return {(f.year, f.measure, f.funder_id): f.amount for f in figures}


def budget(app, project_id: int) -> Decimal:
    with app.app_context():
        return db.session.get(Project, project_id).budget


def test_the_form_offers_a_line_per_project_year(app, project_id):
    form = money_form(signed_in(app), project_id)
    assert [form[f"years-{i}-year"] for i in range(3)] == ["2024", "2025", "2026"]
    assert "years-3-year" not in form.names()


def test_saving_years_sets_the_rows_and_the_budget_and_shows_them(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    form.set("years-0-required", "100000").set("years-1-required", "150000.50")
    form.set("years-0-spent", "10000")
    response = form.submit(client, button="save")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert rows(app, project_id) == {
        (2024, "required", None): Decimal("100000"), (2025, "required", None): Decimal("150000.50"),
        (2024, "spent", None): Decimal("10000"),
    }  # fmt: skip
    assert budget(app, project_id) == sum(
        amount for (y, measure, f), amount in rows(app, project_id).items() if measure == "required"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The annual figures of" in page and "150,000.50" in page
    # The change log names what changed.
    assert "Annual figures: 2025 required" in page
    # The budget field of the project form now follows the years and cannot be typed into.
    edit = page_form(client.get(f"/projects/{project_id}/edit"), ".project-form")
    with pytest.raises(AssertionError, match="cannot type"):
        edit.set("budget", "1")


def test_funder_lines_add_available_money_by_funder(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    funder = form.options("funders-0-funder")[1]
    form.set("years-0-required", "1000")
    form.set("funders-0-year", "2024").set("funders-0-funder", funder)
    form.set("funders-0-amount", "1500")
    response = form.submit(client, button="save")
    assert response.status_code == 302
    assert rows(app, project_id)[(2024, "available", int(funder))] == Decimal("1500")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # Not an error: a warning after saving.
    assert "Available exceeds required in 2024" in page
    assert "150%" in page  # funding rate 1,500 ÷ 1,000


def test_problems_show_next_to_their_cell_and_nothing_is_saved(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    form.set("years-1-spent", "-200")
    response = form.submit(client, button="save")
    assert response.status_code == 422
    page = lxml.html.fromstring(response.get_data(as_text=True))
    errors = page.xpath("//p[@id='years-1-spent-error']/text()")
    assert errors and "cannot be negative, unless it is a correction" in errors[0]
    assert "Nothing was saved: correct the marked cells" in response.get_data(as_text=True)
    assert rows(app, project_id) == {}
    # Ticking "correction" and saying why makes it acceptable.
    form = page_form(response, ".annual-form")
    form.check("years-1-correction", "y").set("years-1-note", "Refund of an overpayment")
    assert form.submit(client, button="save").status_code == 302
    assert rows(app, project_id) == {(2025, "spent", None): Decimal("-200")}


def test_add_a_year_gives_one_more_line_and_saves_nothing(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    form.set("years-0-required", "5")
    response = form.submit(client, button="add_year")
    assert response.status_code == 200
    form = page_form(response, ".annual-form")
    assert form["years-3-year"] == "2027" and form["years-0-required"] == "5"
    assert rows(app, project_id) == {}
    form.set("years-3-required", "7")
    response = form.submit(client, button="save")
    assert response.status_code == 422  # 2027 is after the project's planned end
    assert "outside the project&#39;s years (2024 to 2026)" in response.get_data(as_text=True)


def test_a_stale_save_is_refused_and_keeps_both_peoples_work(app, project_id):
    first, second = signed_in(app), signed_in(app, "admin")
    mine = money_form(first, project_id)
    theirs = money_form(second, project_id)
    theirs.set("years-0-spent", "12000")
    assert theirs.submit(second, button="save").status_code == 302
    mine.set("years-1-spent", "300")
    response = mine.submit(first, button="save")
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Nothing was recorded" in text and "Annual figures: 2024 spent" in text
    assert rows(app, project_id) == {(2024, "spent", None): Decimal("12000")}
    # The user's entry is still in the form, which now carries the colleague's too:
    # saving again keeps both.
    again = page_form(response, ".annual-form")
    assert again["years-1-spent"] == "300.00" and again["years-0-spent"] == "12000.00"
    assert again.submit(first, button="save").status_code == 302
    assert rows(app, project_id) == {
        (2024, "spent", None): Decimal("12000"), (2025, "spent", None): Decimal("300"),
    }  # fmt: skip


def test_a_cell_both_changed_shows_mine_and_says_what_they_saved(app, project_id):
    first, second = signed_in(app), signed_in(app, "admin")
    mine = money_form(first, project_id)
    theirs = money_form(second, project_id)
    theirs.set("years-0-spent", "12000")
    assert theirs.submit(second, button="save").status_code == 302
    mine.set("years-0-spent", "300")
    response = mine.submit(first, button="save")
    assert response.status_code == 409
    page = lxml.html.fromstring(response.get_data(as_text=True))
    said = page.xpath("//p[@id='years-0-spent-error']/text()")
    assert said and "Demo administrator saved USD 12,000 here since you opened the form" in said[0]
    again = page_form(response, ".annual-form")
    assert again["years-0-spent"] == "300.00"
    assert rows(app, project_id) == {(2024, "spent", None): Decimal("12000")}


def test_viewers_see_the_table_but_not_the_edit_link_and_cannot_edit(app, project_id):
    client = signed_in(app, "viewer")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert 'id="money"' in page and "Edit annual figures" not in page
    assert client.get(f"/projects/{project_id}/money").status_code == 403
    assert signed_in(app).get(f"/projects/{project_id}").get_data(as_text=True).count(
        "Edit annual figures") == 1  # fmt: skip


def test_a_project_page_shows_n_a_where_nothing_is_available(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    form.set("years-0-required", "0")
    form.set("years-0-spent", "0")
    client.get(form.submit(client, button="save").headers["Location"])
    page = lxml.html.fromstring(client.get(f"/projects/{project_id}").get_data(as_text=True))
    section = page.xpath("//section[.//h2[@id='money']]")[0]
    assert section.xpath(".//abbr[@title='Funding rate = available ÷ required']")
    assert "n/a" in section.text_content()


def test_the_change_log_reads_amounts_as_money_with_the_correction_note(app, project_id):
    client = signed_in(app)
    form = money_form(client, project_id)
    form.set("years-0-spent", "10000")
    form.submit(client, button="save")
    form = money_form(client, project_id)
    form.set("years-0-spent", "-12000.50").check("years-0-correction", "y")
    form.set("years-0-note", "Refund from the supplier")
    assert form.submit(client, button="save").status_code == 302
    page = lxml.html.fromstring(client.get(f"/projects/{project_id}").get_data(as_text=True))
    lines = [li.text_content() for li in page.xpath("//ol[@class='change-log']/li/ul/li")]
    assert lines[0] == (
        "Annual figures: 2024 spent: USD 10,000 → USD -12,000.50 "
        "(correction: Refund from the supplier)"
    )


def test_amounts_in_another_currency_show_in_their_own_table_and_stay(app, project_id):
    with app.app_context():
        db.session.add(AnnualFigure(project_id=project_id, year=2025, measure="spent",
                                    amount=Decimal("90"), currency="EUR"))  # fmt: skip
        db.session.commit()
    client = signed_in(app)
    form = money_form(client, project_id)
    assert "Some amounts are recorded in other currencies (EUR)" in client.get(
        f"/projects/{project_id}/money").get_data(as_text=True)  # fmt: skip
    form.set("years-0-spent", "10")
    assert form.submit(client, button="save").status_code == 302
    assert rows(app, project_id) == {
        (2024, "spent", None): Decimal("10"), (2025, "spent", None): Decimal("90"),
    }  # fmt: skip
    page = lxml.html.fromstring(client.get(f"/projects/{project_id}").get_data(as_text=True))
    hints = page.xpath("//section[.//h2[@id='money']]//p[@class='hint']/text()")
    assert [h.strip().split(".")[0] for h in hints] == [
        "Amounts in USD, by fiscal year", "Amounts in EUR, by fiscal year",
    ]  # fmt: skip
