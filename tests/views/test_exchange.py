"""The import page: upload, preview (a dry run), problems as CSV, confirm; who may use it."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from tests.conftest import csrf_token
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import Project, ProjectRevision, StatusChange


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(IMPORT_FOLDER=str(tmp_path / "imports"))


def counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, ProjectRevision, StatusChange)
        )


def upload(client, data: bytes, name: str = "projects.csv"):
    """Choose the file on the import page and press its button."""
    form = page_form(client.get("/import"), "#upload-form")
    return form.attach("file", data, name).submit(client)


def confirm(client, preview):
    """Press the preview's Import button."""
    return page_form(preview, "#confirm-form").submit(client)


def sign_out(client) -> None:
    page_form(client.get("/"), "/sign-out").submit(client)


def a_project(app) -> tuple[str, str]:
    with app.app_context():
        return db.session.execute(
            select(Project.code, Project.title).where(Project.status == 2).limit(1)
        ).one()


def test_upload_preview_and_confirm(app, client, sign_in):
    sign_in("analyst")
    code, _ = a_project(app)
    response = upload(client, f"code,title\n{code},Renamed by import\n".encode())
    assert response.status_code == 302
    preview_url = response.location
    before = counts(app)
    preview = client.get(preview_url)
    page = preview.get_data(as_text=True)
    assert "Renamed by import" in page and "Nothing has been saved yet" in page
    assert re.search(r'figure-value">1</p>\s*<p class="figure-label">to update', page)
    assert counts(app) == before  # the preview wrote nothing
    response = confirm(client, preview)
    assert response.status_code == 302
    follow = client.get(response.location).get_data(as_text=True)
    assert "Imported projects.csv: 0 created, 1 updated" in follow
    with app.app_context():
        title = db.session.scalar(select(Project.title).where(Project.code == code))
    assert title == "Renamed by import"
    assert client.get(preview_url).status_code == 404  # the file is gone after the import


def test_errors_block_the_import_and_are_downloadable(app, client, sign_in):
    sign_in("analyst")
    code, title = a_project(app)
    data = f"code,title,sdg_targets\n{code},{title},3.8; 18.1\nNEW-1,New,3.8\n".encode()
    preview_url = upload(client, data).location
    page = client.get(preview_url).get_data(as_text=True)
    assert "Nothing can be imported" in page and 'name="fingerprint"' not in page
    assert "line 2" in page and "Unknown SDG targets: 18.1" in page
    assert "A new project needs a status" in page  # line 3
    problems = client.get(f"{preview_url}/problems.csv")
    assert problems.status_code == 200 and problems.mimetype == "text/csv"
    text = problems.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == "where,column,severity,code,message"
    assert f"line 2,sdg_targets,error,{code},Unknown SDG targets: 18.1" in text
    before = counts(app)
    # A forged confirmation (the page offers none) changes nothing.
    response = client.post(preview_url, data={"csrf_token": csrf_token(page), "fingerprint": "x"})
    assert response.status_code == 409 and counts(app) == before


def test_a_changed_database_shows_the_new_preview_instead_of_importing(app, client, sign_in):
    sign_in("analyst")
    code, _ = a_project(app)
    preview_url = upload(client, f"code,title\n{code},Mine\n".encode()).location
    preview = client.get(preview_url)
    with app.app_context():  # someone else renames it in between
        project = db.session.scalars(select(Project).where(Project.code == code)).one()
        project.title = "Mine"
        db.session.commit()
    before = counts(app)
    response = confirm(client, preview)
    assert response.status_code == 409
    assert "changed since you saw the preview" in response.get_data(as_text=True)
    assert counts(app) == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("code,title\nP-1,Вода\n".encode("cp1251"), "not UTF-8"),
        (b"", "The file is empty"),
        (b"title,status\nX,2\n", "required column code;"),
        (b'code,title\n"P-1,never closed\n', "never closed"),
        (b"code,title\nP-1,A\np-1,B\n", "also on line 2"),
    ],
)
def test_bad_files_are_explained_and_change_nothing(app, client, sign_in, data, words):
    sign_in("analyst")
    before = counts(app)
    page = client.get(upload(client, data).location).get_data(as_text=True)
    assert words in page and "Nothing can be imported" in page
    assert counts(app) == before


def test_a_file_that_is_not_csv_is_refused_at_upload(client, sign_in):
    sign_in("analyst")
    response = upload(client, b"\x89PNG...", "chart.png")
    assert response.status_code == 422
    assert "neither a .csv nor an .xml file" in response.get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_and_the_way_round(make_app, tmp_path):
    # Small enough for the test client to keep the body in memory (no temporary file).
    app = make_app(IMPORT_FOLDER=str(tmp_path), MAX_CONTENT_LENGTH=1024 * 1024 // 10)
    client = app.test_client()
    form = page_form(client.get("/sign-in"))
    form.set("username", "analyst").set("password", "analyst-demo-2026").submit(client)
    response = upload(client, b"x" * (1024 * 1024 // 5), "big.csv")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "larger than the 0.1 MB the tracker accepts" in page
    assert "flask --app tracker import-csv FILE" in page
    assert "flask --app tracker import-iati FILE" in page
    assert list(tmp_path.iterdir()) == []


def test_viewers_cannot_import_and_others_cannot_read_an_upload(app, client, sign_in):
    sign_in("viewer")
    assert client.get("/import").status_code == 403
    assert client.post("/import").status_code in (400, 403)  # CSRF or role: refused either way
    assert "/import" not in client.get("/").get_data(as_text=True).split("<main")[0]
    sign_out(client)
    sign_in("analyst")
    preview_url = upload(client, b"code,title\nNEW-3,New\n").location
    sign_out(client)
    sign_in("admin")
    assert client.get(preview_url).status_code == 404  # another user's file


def test_upload_and_confirm_need_the_csrf_token(app, client, sign_in):
    """Forged requests (no page sends these) are refused."""
    sign_in("analyst")
    form = page_form(client.get("/import"), "#upload-form").attach("file", b"code,title\n", "x.csv")
    without_token = form.values()
    without_token.pop("csrf_token")
    assert client.post("/import", data=without_token).status_code == 400
    preview_url = upload(client, b"code,title\nNEW-4,New,\n").location
    assert client.post(preview_url, data={"fingerprint": "x"}).status_code == 400


def test_the_template_is_the_wide_header(client, sign_in):
    sign_in("analyst")
    response = client.get("/import/template.csv")
    assert response.get_data().startswith(b"\xef\xbb\xbfcode,title,description,status,")
    assert response.get_data().count(b"\r\n") == 1


def test_the_preview_shows_amounts_as_the_pages_do_and_counts_in_the_singular(app, client, sign_in):
    with app.app_context():
        (code, title), (other, other_title) = db.session.execute(
            select(Project.code, Project.title).where(Project.status == 2).limit(2)
        ).all()
        db.session.execute(
            update(Project).where(Project.code == code).values(budget=Decimal("1250000.50"))
        )
        db.session.commit()
    sign_in("analyst")
    data = f"code,title,budget\n{code},{title},1400000.00\n{other},{other_title},-5\n".encode()
    page = client.get(upload(client, data).location).get_data(as_text=True)
    assert "1250000.50" not in page and "1400000.00" not in page
    assert "USD 1,250,000.50" in page and "USD 1,400,000" in page
    assert re.search(r'figure-value">1</p>\s*<p class="figure-label">error<', page)
    assert "1 errors" not in page
    client.set_cookie("lang", "ru")
    page = client.get(upload(client, data).location).get_data(as_text=True)
    assert "USD 1\xa0250\xa0000,50" in page


def test_a_value_the_database_cannot_hold_is_shown_on_its_line(app, client, sign_in):
    sign_in("analyst")
    before = counts(app)
    data = b"code,title,status,sdg_targets,budget\nNEW-6,Huge,1,3.8,1e308\nNEW-7,A\0B,1,3.8,1\n"
    response = client.get(upload(client, data).location)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The budget is too large" in page and "NUL character" in page
    assert "Nothing can be imported" in page
    assert counts(app) == before


def test_the_import_page_explains_the_files_itself(client, sign_in):
    sign_in("analyst")
    page = client.get("/import").get_data(as_text=True)
    assert "README" not in page and "import-csv" not in page
    assert "iati-identifier" in page and "activity-status" in page


def test_the_preview_tags_the_records_that_will_be_illustrative(client, sign_in):
    sign_in("analyst")
    data = (
        b"code,title,status,sdg_targets,is_illustrative\n"
        b"NEW-8,Demo,1,3.8,yes\nNEW-9,Real,1,3.8,no\n"
    )
    page = client.get(upload(client, data).location).get_data(as_text=True)
    rows = re.findall(r"<tr><td>line \d</td><td>(NEW-\d)(.*?)</td>", page)
    assert [(code, "Illustrative" in rest) for code, rest in rows] == [
        ("NEW-8", True),
        ("NEW-9", False),
    ]


def test_the_import_page_has_a_short_title(client, sign_in):
    sign_in("analyst")
    html = client.get("/import").get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert title.startswith("Import projects") and len(title) < 80 and "<" not in title
