"""Money in CSV through the pages: the finance export from the register, and the import of
annual figures (upload, preview, confirm) from the import page."""

import re
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import func, select

from tests.forms import page_form
from tests.views.test_export import download, rows_of
from tracker.extensions import db
from tracker.formats.csv_finance import COLUMNS
from tracker.models import AnnualFigure, Organisation, Project, ProjectRevision, User
from tracker.services.finance.annual import AnnualEntry, project_years, replace_annual_figures
from tracker.services.register.search import RegisterFilters, ordered_select
from tracker.views.finance_exchange import COLUMN_MEANINGS

D = Decimal


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(FINANCE_IMPORT_FOLDER=str(tmp_path / "finance"))


def give_figures(app, count: int = 3, **filters) -> list[str]:
    """Annual figures for the first ``count`` projects the register shows for ``filters``:
    required and spent in their first year, money available from a funder in the second."""
    with app.app_context():
        session = db.session
        analyst = session.scalars(select(User).where(User.username == "analyst")).one()
        funder = session.scalars(
            select(Organisation).where(Organisation.iati_ref.is_not(None)).order_by(Organisation.id)
        ).first()
        ids = session.scalars(ordered_select(RegisterFilters(**filters), Project.id)).all()
        codes = []
        for number, project_id in enumerate(ids[:count]):
            project = session.get(Project, project_id)
            first, last = project_years(project) or (2024, 2025)
            replace_annual_figures(session, project, [
                AnnualEntry(first, "required", D(1000 + number)),
                AnnualEntry(first, "spent", D("250.50")),
                AnnualEntry(min(first + 1, last), "available", D(500), funder.id),
            ], editor=analyst, expected_version=project.version)  # fmt: skip
            codes.append(project.code)
        session.commit()
        return codes


def stored(app, code: str) -> set[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(AnnualFigure.year, AnnualFigure.measure, AnnualFigure.amount,
                   AnnualFigure.funder_id)
            .join(Project).where(Project.code == code)
        ).all()  # fmt: skip
        return {(year, measure, D(amount), funder) for year, measure, amount, funder in rows}


def upload(client, data: bytes, name: str = "finance.csv"):
    """From the import page, follow the link to the annual figures, choose the file, upload."""
    page = client.get("/import").get_data(as_text=True)
    link = re.search(r'id="finance-import-link">.*?href="([^"]+)"', page)[1]
    form = page_form(client.get(link), "#finance-upload-form")
    return form.attach("file", data, name).submit(client)


@time_machine.travel("2026-12-04 12:00:00")
def test_the_finance_export_follows_the_registers_filters_and_order(app, client):
    codes = give_figures(app, goal=3, sort="code", direction="asc")
    register = client.get("/projects?goal=3&sort=code&dir=asc").get_data(as_text=True)
    link = re.search(r'id="finance-download">.*?href="([^"]+)"', register)[1].replace("&amp;", "&")
    response, data = download(client, link)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sdg-finance-goal-3-2026-12-04.csv"')  # fmt: skip
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode())
    rows = rows_of(data)
    with app.app_context():
        figures = dict(db.session.execute(
            select(Project.code, func.count(AnnualFigure.id)).join(AnnualFigure)
            .group_by(Project.code)).all())  # fmt: skip
        register_order = db.session.scalars(ordered_select(
            RegisterFilters(goal=3, sort="code", direction="asc"), Project.code)).all()  # fmt: skip
    # Every figure of the register's projects, project by project in the register's order.
    assert [row["project_code"] for row in rows] == [
        code for code in register_order for _ in range(figures.get(code, 0))]  # fmt: skip
    assert [row["project_code"] for row in rows[:9]] == [c for c in codes for _ in range(3)]
    first = rows[0]
    assert (first["measure"], first["amount"], first["is_illustrative"]) == (
        "required",
        "1000.00",
        "yes",
    )  # the seeded portfolio is illustrative, and says so
    available = rows[2]
    assert available["funder"] and available["funder_iati_ref"] and available["currency"]


def test_a_bad_export_option_is_a_400(client):
    response, data = download(client, "/projects/finance.csv?delimiter=tab&goal=99")
    assert response.status_code == 400
    assert b"delimiter should be comma | semicolon" in data


def test_export_edit_import_preview_and_confirm(app, client, sign_in):
    (code,) = give_figures(app, count=1, sort="code")
    # One project's file (a whole portfolio's round trip is the service test's).
    _, data = download(client, f"/projects/finance.csv?q={code}")
    rows = [row for row in rows_of(data) if row["project_code"] == code]
    year = rows[0]["year"]
    before = stored(app, code)
    sign_in("analyst")
    # As exported: nothing to change.
    response = upload(client, data)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "The file changes nothing" in page and 'id="confirm-form"' not in page
    # Edited in a spreadsheet: semicolons, a comma decimal, an extra column.
    edited = (f"project_code;year;measure;amount;my notes\n{code};{year};required;1500,25;x\n"
              f"{code};{year};spent;300;y\n").encode()  # fmt: skip
    response = upload(client, edited, "edited.csv")
    preview_url = response.location
    preview = client.get(preview_url)
    page = preview.get_data(as_text=True)
    assert f"Replaces {year} of 1 project; its other years stay unchanged." in page
    assert "Unknown columns, ignored: my notes." in page
    # Old -> new, in the project's currency: required 1,000 -> 1,500.25, spent 250.50 -> 300.
    cells = re.findall(r'<td class="number">([^<]*)', page)
    assert [cell.split()[-1] for cell in cells] == ["1,000", "1,500.25", "250.50", "300"]
    assert stored(app, code) == before  # the preview wrote nothing
    confirmed = page_form(preview, "#confirm-form").submit(client)
    assert confirmed.status_code == 302
    assert "figures of 1 project changed." in client.get(confirmed.location).get_data(as_text=True)
    after = stored(app, code)
    assert {(y, m, a) for y, m, a, _ in after if y == int(year)} == {
        (int(year), "required", D("1500.25")), (int(year), "spent", D("300"))}  # fmt: skip
    assert {r for r in after if r[0] != int(year)} == {r for r in before if r[0] != int(year)}
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.code == code)).one()
        revision = db.session.scalars(select(ProjectRevision).where(
            ProjectRevision.project_id == project.id,
            ProjectRevision.version == project.version)).one()  # fmt: skip
        assert revision.changed_by == "Demo analyst"
    # The held file is gone once confirmed.
    assert client.get(preview_url).status_code == 404


def test_a_file_with_a_problem_cannot_be_confirmed(app, client, sign_in):
    (code,) = give_figures(app, count=1)
    before = stored(app, code)
    sign_in("analyst")
    text = f"project_code,year,measure,amount\n{code},1901,spent,5\nNOPE-1,2025,spend,1 234\n"
    response = upload(client, text.encode())
    preview = client.get(response.location)
    page = preview.get_data(as_text=True)
    assert "Nothing can be imported" in page and 'id="confirm-form"' not in page
    for found in ("1901 is outside the project", "“spend” is not a measure",
                  "no thousands separator"):  # fmt: skip
        assert found in page
    problems = client.get(response.location + "/problems.csv").get_data(as_text=True)
    assert "line 2,year,error" in problems and "line 3,measure,error" in problems
    assert stored(app, code) == before


def test_a_preview_changed_before_confirming_is_shown_again(app, client, sign_in):
    (code,) = give_figures(app, count=1)
    year = min(y for y, *_ in stored(app, code))
    sign_in("analyst")
    response = upload(client, f"project_code,year,measure,amount\n{code},{year},spent,9\n".encode())
    preview = client.get(response.location)
    give_figures(app, count=1)  # someone saves the same project meanwhile (same figures)
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.code == code)).one()
        analyst = db.session.scalars(select(User).where(User.username == "admin")).one()
        replace_annual_figures(db.session, project, [AnnualEntry(year, "spent", D(7))],
                               editor=analyst, expected_version=project.version)  # fmt: skip
        db.session.commit()
    answer = page_form(preview, "#confirm-form").submit(client)
    assert answer.status_code == 409
    assert "changed since you saw the preview" in answer.get_data(as_text=True)
    assert (year, "spent", D(7), None) in stored(app, code)


def test_only_editors_import_and_only_their_own_uploads(app, client, sign_in):
    sign_in("viewer")
    assert client.get("/import/finance").status_code == 403
    page_form(client.get("/"), "/sign-out").submit(client)
    sign_in("analyst")
    response = upload(client, b"project_code,year,measure,amount\n")
    token_url = response.location
    assert client.get(token_url).status_code == 200
    # The project import does not know the finance upload, nor the reverse.
    assert client.get(token_url.replace("/import/finance/", "/import/")).status_code == 404


def test_the_upload_page_explains_every_column_in_the_readers_language():
    assert list(COLUMN_MEANINGS) == list(COLUMNS)
