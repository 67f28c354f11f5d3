"""Results in CSV through the pages: the results export from the register, and the import
of actuals (upload, preview with before → after, confirm) from the import page."""

import re
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from tests.factories import add_indicator, make_project
from tests.forms import page_form
from tests.views.test_export import download, rows_of
from tracker.extensions import db
from tracker.formats.csv_results import COLUMNS
from tracker.models import Project, ProjectRevision, User
from tracker.models.results import IndicatorPeriod
from tracker.views.results_exchange import COLUMN_MEANINGS

D = Decimal


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(RESULTS_IMPORT_FOLDER=str(tmp_path / "results"))


def give_indicator(app) -> tuple[str, int]:
    """A project (2024-02 to 2027) with an indicator: 2025 target 50, actual 30; 2026 target
    80, no actual yet."""
    with app.app_context():
        project = make_project(db.session, title="Clinics for every district")
        indicator = add_indicator(db.session, project,
                                  periods=((2025, "50", "30"), (2026, "80", None)))  # fmt: skip
        db.session.commit()
        return project.code, indicator.id


def actuals(app, indicator_id: int) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(IndicatorPeriod.period_start, IndicatorPeriod.actual_value,
                   IndicatorPeriod.actual_comment)
            .where(IndicatorPeriod.indicator_id == indicator_id)
            .order_by(IndicatorPeriod.period_start)
        ).all()  # fmt: skip


def upload(client, data: bytes, name: str = "results.csv"):
    """From the import page, follow the link to the actuals, choose the file, upload."""
    page = client.get("/import").get_data(as_text=True)
    link = re.search(r'id="results-import-link">.*?href="([^"]+)"', page)[1]
    form = page_form(client.get(link), "#results-upload-form")
    return form.attach("file", data, name).submit(client)


@time_machine.travel("2026-12-04 12:00:00")
def test_the_register_links_the_results_export_with_its_filters(app, client):
    code, indicator_id = give_indicator(app)
    register = client.get(f"/projects?q={code}").get_data(as_text=True)
    link = re.search(r'id="results-download">.*?href="([^"]+)"', register)[1].replace("&amp;", "&")
    response, data = download(client, link)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="sdg-results-search-')  # fmt: skip
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode())
    rows = rows_of(data)
    # Filtered: that project's indicator only, a row per period.
    assert [(r["project_code"], r["indicator_id"], r["period_end"], r["actual_value"])
            for r in rows] == [(code, str(indicator_id), "2025-12-31", "30"),
                               (code, str(indicator_id), "2026-12-31", "")]  # fmt: skip
    assert rows[0]["progress_status"] == "limited" and rows[0]["owner_kind"] == "project"


def test_a_bad_export_option_is_a_400(client):
    response, data = download(client, "/results.csv?bom=2")
    assert response.status_code == 400
    assert b"bom should be 1 | 0" in data


def test_export_edit_import_preview_and_confirm(app, client, sign_in):
    code, indicator_id = give_indicator(app)
    _, data = download(client, f"/results.csv?q={code}")
    sign_in("analyst")
    # As exported: nothing to change.
    response = upload(client, data)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "The file changes nothing" in page and 'id="confirm-form"' not in page
    # Edited in a spreadsheet: the 2026 actual written in, with a comment.
    rows = rows_of(data)
    rows[1]["actual_value"], rows[1]["actual_comment"] = "64,5", "district reports"
    edited = ";".join(COLUMNS) + "\r\n" + "".join(
        ";".join(row[name] for name in COLUMNS) + "\r\n" for row in rows)  # fmt: skip
    response = upload(client, edited.encode("utf-8-sig"), "edited.csv")
    preview_url = response.location
    preview = client.get(preview_url)
    page = preview.get_data(as_text=True)
    cells = re.findall(r'<td class="number">(?:<strong>)?([^<]*)', page)
    assert cells == ["—", "64.5 (district reports)"]
    assert f'href="/indicators/{indicator_id}"' in page
    assert actuals(app, indicator_id)[1][1] is None  # the preview wrote nothing
    confirmed = page_form(preview, "#confirm-form").submit(client)
    assert confirmed.status_code == 302
    assert "results of 1 project changed." in client.get(confirmed.location).get_data(
        as_text=True)  # fmt: skip
    assert actuals(app, indicator_id)[1][1:] == (D("64.5"), "district reports")
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.code == code)).one()
        revision = db.session.scalars(select(ProjectRevision).where(
            ProjectRevision.project_id == project.id,
            ProjectRevision.version == project.version)).one()  # fmt: skip
        assert revision.changed_by == "Demo analyst"
    # The indicator's page shows the new actual.
    assert "64.5" in client.get(f"/indicators/{indicator_id}").get_data(as_text=True)
    assert client.get(preview_url).status_code == 404  # the held file is gone


def test_a_file_with_problems_names_them_and_cannot_be_confirmed(app, client, sign_in):
    code, indicator_id = give_indicator(app)
    before = actuals(app, indicator_id)
    sign_in("analyst")
    text = ("project_code,indicator_id,period_start,period_end,actual_value\n"
            f"{code},{indicator_id},2025-01-01,2025-12-31,lots\n"
            f"{code},{indicator_id},2029-01-01,2029-12-31,5\n"
            f"{code},99999999,2025-01-01,2025-12-31,5\n")  # fmt: skip
    preview = client.get(upload(client, text.encode()).location)
    page = preview.get_data(as_text=True)
    assert "Nothing can be imported" in page and 'id="confirm-form"' not in page
    for found in ("“lots” is not a number", "The period ends after the project (2027-12-31).",
                  "No indicator has the number 99999999"):  # fmt: skip
        assert found in page
    problems = client.get(preview.request.path + "/problems.csv").get_data(as_text=True)
    assert "line 2,actual_value,error" in problems and "line 3,period_end,error" in problems
    assert actuals(app, indicator_id) == before


def test_a_preview_changed_before_confirming_is_refused_with_409(app, client, sign_in):
    code, indicator_id = give_indicator(app)
    sign_in("analyst")
    text = (f"project_code,indicator_id,period_start,period_end,actual_value\n"
            f"{code},{indicator_id},2025-01-01,2025-12-31,35\n")  # fmt: skip
    preview = client.get(upload(client, text.encode()).location)
    with app.app_context():  # someone else records another actual meanwhile
        period = db.session.scalars(select(IndicatorPeriod).where(
            IndicatorPeriod.indicator_id == indicator_id)).first()  # fmt: skip
        period.actual_value = D(33)
        db.session.commit()
    answer = page_form(preview, "#confirm-form").submit(client)
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "changed since you saw the preview" in page
    assert actuals(app, indicator_id)[0][1] == D(33)
    # The new preview shows what the import would do now, and confirms.
    again = re.findall(r'<td class="number">(?:<strong>)?([^<]*)', page)
    assert again == ["33", "35"]


def test_a_project_saved_since_the_preview_is_refused_with_409(app, client, sign_in):
    code, indicator_id = give_indicator(app)
    sign_in("analyst")
    text = (f"project_code,indicator_id,period_start,period_end,actual_value\n"
            f"{code},{indicator_id},2025-01-01,2025-12-31,35\n")  # fmt: skip
    preview = client.get(upload(client, text.encode()).location)
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.code == code)).one()
        project.title = "Renamed meanwhile"
        db.session.commit()
    answer = page_form(preview, "#confirm-form").submit(client)
    assert answer.status_code == 409
    assert actuals(app, indicator_id)[0][1] == D(30)


def test_only_editors_import_and_only_their_own_uploads(app, client, sign_in):
    sign_in("viewer")
    assert client.get("/import/results").status_code == 403
    page_form(client.get("/"), "/sign-out").submit(client)
    sign_in("analyst")
    response = upload(client, b"project_code,indicator_id,period_start,period_end,actual_value\n")
    token_url = response.location
    assert client.get(token_url).status_code == 200
    # The finance import does not know the results upload.
    assert client.get(token_url.replace("/import/results/", "/import/finance/")).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(User).where(User.username == "analyst")).one()


def test_the_upload_page_explains_every_column_in_the_readers_language():
    assert list(COLUMN_MEANINGS) == list(COLUMNS)
