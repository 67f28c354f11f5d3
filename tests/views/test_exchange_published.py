"""The import preview of an IATI file: the money and hierarchy it will store, and the
organisations it offers to create, created with the import when ticked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.forms import page_form
from tests.iati_files import built_file
from tracker.extensions import db
from tracker.models import Organisation, Project

SAMPLE = (Path(__file__).parent.parent / "data" / "iati_sample_other_country.xml").read_bytes()


@pytest.fixture
def app(make_app, tmp_path):
    return make_app("reference", IMPORT_FOLDER=str(tmp_path / "imports"))


def preview_of(client, data: bytes):
    form = page_form(client.get("/import"), "#upload-form")
    response = form.attach("file", data, "activities.xml").submit(client)
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def test_the_preview_shows_the_money_and_hierarchy_it_stores(app, client, sign_in):
    sign_in("analyst")
    page = preview_of(client, built_file()).get_data(as_text=True)
    assert "Budgets, transactions and hierarchy" in page
    section = page[page.index('id="published-money"') :]
    row = section[section.index("<td>XM-TEST-OUT-A</td>") :].split("</tr>")[0]
    assert "XM-TEST-PROJ" in row
    cells = [cell.split("<")[0] for cell in row.split('class="number">')[1:]]
    assert cells == ["3", "7", "1", "8"]  # budgets, transactions, planned, annual figures
    assert "Create organisation “Test Climate Fund” (ref XM-TEST-FUND) as funder" in page


def test_ticked_organisations_are_created_with_the_import_and_the_rest_are_not(
    app, client, sign_in
):
    sign_in("analyst")
    preview = preview_of(client, SAMPLE)
    page = preview.get_data(as_text=True)
    assert "Peacebuilding Fund" in page  # the file's name, not only its ref
    form = page_form(preview, "#confirm-form")
    form.check("create_organisation", "11363")
    response = form.submit(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        fund = db.session.scalars(
            select(Organisation).where(Organisation.iati_ref == "11363")
        ).one()
        assert fund.kind == "funder"
        assert (
            db.session.scalars(select(Organisation).where(Organisation.iati_ref == "01762")).first()
            is None
        )
        top = db.session.scalars(select(Project).where(Project.parent_id.is_(None))).all()
        assert len(top) == 2 and all(len(p.components) == 1 for p in top)


def test_the_project_page_lists_the_budgets_and_transactions_as_published(app, client, sign_in):
    sign_in("analyst")
    form = page_form(preview_of(client, SAMPLE), "#confirm-form")
    assert form.submit(client).status_code == 302
    with app.app_context():
        project_id = db.session.scalars(
            select(Project.id).where(Project.code == "XM-DAC-41114-OUTPUT-00080934")
        ).one()
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    section = page[page.index('id="published-money"') :]
    assert "Revised" in section and "Committed" in section
    assert "Incoming commitment" in section and "Expenditure" in section
    assert "Peacebuilding Fund" in section and "USD -14,518" in section
