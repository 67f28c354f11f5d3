"""IATI through the web: the register's XML export, and an IATI file through the import page."""

from pathlib import Path

import pytest
from lxml import etree

from tests.test_cli_iati import counts
from tests.views.test_exchange import upload

DATA = Path(__file__).parent.parent / "data"
SCHEMA = DATA / "iati-schema-2.03" / "iati-activities-schema.xsd"


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(IMPORT_FOLDER=str(tmp_path / "imports"), IATI_REPORTING_ORG_REF="XM-TEST")


def test_the_register_exports_its_projects_as_valid_iati(client):
    page = client.get("/projects?goal=7").get_data(as_text=True)
    assert "/projects/export.xml?goal=7" in page
    response = client.get("/projects/export.xml?goal=7&sort=budget")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = etree.fromstring(response.get_data())
    assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(root)
    assert root.find("iati-activity/reporting-org").get("ref") == "XM-TEST"
    assert client.get("/projects/export.xml?status=9").status_code == 400


def test_an_iati_file_previews_and_imports(app, client, sign_in):
    sign_in("analyst")
    before = counts(app)
    response = upload(client, (DATA / "iati_sdg_illustrative.xml").read_bytes(), "undp.xml")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "XM-DAC-41114-TEST-KZ-0001" in page and "Skipped: the activity has no" in page
    assert counts(app) == before  # the preview wrote nothing


def test_an_xml_bomb_is_refused_and_changes_nothing(app, client, sign_in):
    from tests.formats.test_iati import BILLION_LAUGHS

    sign_in("analyst")
    before = counts(app)
    response = upload(client, BILLION_LAUGHS, "bomb.xml")
    page = (
        client.get(response.location).get_data(as_text=True)
        if response.status_code == 302
        else response.get_data(as_text=True)
    )
    assert "declaration at line 2" in page
    assert counts(app) == before


def test_an_amount_the_database_cannot_hold_skips_its_activity_in_the_preview(app, client, sign_in):
    from tests.formats.test_iati import activity

    sign_in("analyst")
    data = activity('<title><narrative>Huge</narrative></title><budget type="1">'
                    "<value>1e308</value></budget>")  # fmt: skip
    response = client.get(upload(client, data, "huge.xml").location)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Skipped: The budget is too large" in page
    assert 'id="confirm-form"' not in page  # nothing to import
