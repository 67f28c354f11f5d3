"""The project page, the forms and status changes through the test client, for each role."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from tests.conftest import csrf_token
from tests.factories import make_project
from tests.forms import page_form
from tracker.extensions import db
from tracker.generation.portfolio import AS_OF
from tracker.models import Organisation, Project, ProjectText


def first_project(app, status=2) -> Project:
    with app.app_context():
        project = db.session.scalars(select(Project).where(Project.status == status)).first()
        db.session.expunge(project)
        return project


def status_form(client, project: Project):
    return page_form(client.get(f"/projects/{project.id}/status"), ".status-form")


def post_status(client, project: Project, to_status: str, effective_date: str, reason: str):
    """Fill in the project's status form as a person does and submit it."""
    form = status_form(client, project)
    if to_status:
        form.set("to_status", to_status)
    form.set("effective_date", effective_date).set("reason", reason)
    return form.submit(client)


def organisation_id(app, acronym: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.acronym == acronym))


def new_project_form(client, app, **values: str):
    """The new project form filled in as an analyst would; ``values`` type over fields."""
    form = page_form(client.get("/projects/new"), ".project-form")
    fields = {
        "code": "KZ-UNICEF-2025-017", "title": "Child benefits on eGov",
        "description": "Digital applications for child benefits.", "status": "2",
        "planned_start": "2025-01-01", "planned_end": "2027-12-31", "actual_start": "2025-02-03",
        "budget": "480000", **values,
    }  # fmt: skip
    for name, value in fields.items():
        form.set(name, value)
    for code in ("1.3", "10.4", "16.9"):
        form.check("targets", code)
    form.check("sectors", "16010").check("places", "KZ")
    form.check("accountable", str(organisation_id(app, "UNICEF")))
    form.check("implementing", str(organisation_id(app, "MLSPP")))
    return form


def created_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_anyone_reads_a_project_page_without_edit_controls(app, client):
    project = first_project(app)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert project.title in html and project.code in html
    assert "Illustrative record." in html
    assert "Status history" in html and "Implementation" in html
    assert "Record status change" not in html and "/edit" not in html


def test_an_analyst_sees_edit_controls(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Record status change" in html and f"/projects/{project.id}/edit" in html


def test_unknown_projects_are_404(client):
    assert client.get("/projects/999999").status_code == 404
    assert client.get("/projects/abc").status_code == 404


@pytest.mark.parametrize("path", ["/projects/new", "/projects/{id}/edit", "/projects/{id}/status"])
def test_writes_need_an_analyst(app, client, sign_in, path):
    path = path.format(id=first_project(app).id)
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    assert client.post(path, data={}).status_code in (302, 400)
    sign_in("viewer")
    assert client.get(path).status_code == 403
    token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.post(path, data={"csrf_token": token, "title": "x"}).status_code == 403


def test_an_analyst_creates_a_project(app, client, sign_in):
    sign_in("analyst")
    response = new_project_form(client, app).submit(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Project KZ-UNICEF-2025-017 was created." in html
    assert "Child benefits on eGov" in html and "Illustrative record." not in html
    for code in ("1.3", "10.4", "16.9"):
        assert f"<strong>{code}</strong>" in html
    assert "33.3% (equal split)" in html
    assert "by Demo analyst" in html


def test_a_form_with_errors_shows_them_and_keeps_the_input(app, client, sign_in):
    sign_in("analyst")
    form = new_project_form(client, app, title="", planned_end="2024-01-01", budget="-5")
    form.set("targets-share-1.3", "50").set("targets-share-10.4", "20")
    form.set("targets-share-16.9", "x")
    response = form.submit(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the project a title." in html
    assert "The budget cannot be negative." in html
    assert "The share of 16.9 must be a number" in html
    assert (
        'value="KZ-UNICEF-2025-017"' in html and "Digital applications for child benefits." in html
    )
    assert re.search(r'name="targets" value="10.4"[^>]*checked', html)
    assert 'name="targets-share-1.3"\n                 value="50"' in html
    with app.app_context():
        assert (
            db.session.scalar(select(Project).where(Project.code == "KZ-UNICEF-2025-017")) is None
        )


def test_service_rules_appear_next_to_their_fields(app, client, sign_in):
    sign_in("analyst")
    existing = first_project(app).code
    form = new_project_form(client, app, code=existing, planned_end="2024-01-01")
    html = form.submit(client).get_data(as_text=True)
    assert f"The code {existing} is used by another project." in html
    assert "The planned end is before the planned start." in html


def test_html_in_a_title_is_shown_as_text(app, client, sign_in):
    sign_in("analyst")
    form = new_project_form(client, app, title="<script>alert(1)</script>")
    location = form.submit(client).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_oversized_fields_are_refused_with_a_message(app, client, sign_in):
    sign_in("analyst")
    response = new_project_form(client, app, title="x" * 301).submit(client)
    assert response.status_code == 422
    assert "The title can have at most 300 characters." in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused(app, client, sign_in):
    sign_in("analyst")
    form = new_project_form(client, app)
    form.element.inputs["csrf_token"].drop_tree()  # a page from elsewhere has no token
    assert form.submit(client).status_code == 400


def edit_form(client, project_id: int):
    return page_form(client.get(f"/projects/{project_id}/edit"), ".project-form")


def test_two_edits_of_different_fields_are_both_kept(app, client, sign_in):
    sign_in("analyst")
    project_id = created_id(new_project_form(client, app).submit(client))
    first, second = edit_form(client, project_id), edit_form(client, project_id)
    first.set("title", "First analyst's title")
    assert first.submit(client).status_code == 302
    second.set("budget", "999")
    assert second.submit(client).status_code == 302
    with app.app_context():
        project = db.session.get(Project, project_id)
        assert (project.title, project.budget, project.version) == (
            "First analyst's title", 999, 3,
        )  # fmt: skip


def test_recording_a_status_change(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app)
    form = status_form(client, project)
    assert form.options("to_status") == ["", "3", "4", "6", "5"]
    assert form["to_status"] == ""  # nothing chosen for the user
    response = post_status(client, project, "6", date.today().isoformat(), "Co-financing delayed")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now in Suspended" in page
    assert "Implementation → <strong>Suspended</strong>" in page
    assert "Co-financing delayed" in page
    # The change log names the statuses, as the history does, not their codes.
    log = page[page.index('class="change-log"') :]
    assert (
        '<span class="before">Implementation</span> → <span class="after">Suspended</span>' in log
    )


def test_a_status_form_shows_all_its_problems_at_once(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app)
    response = post_status(client, project, "6", "2099-01-01", "")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the reason for the change." in page
    assert "The effective date cannot be in the future." in page
    again = page_form(response, ".status-form")
    assert (again["to_status"], again["effective_date"]) == ("6", "2099-01-01")
    response = post_status(client, project, "", "2099-01-01", "")
    page = response.get_data(as_text=True)
    for message in ("Choose the new status.", "Give the reason for the change.",
                    "The effective date cannot be in the future."):  # fmt: skip
        assert message in page


def test_a_closed_project_offers_no_status_change(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app, status=4)
    html = client.get(f"/projects/{project.id}/status").get_data(as_text=True)
    assert "does not change status any more" in html


def test_the_project_page_speaks_kazakh_and_russian(app, client):
    project = first_project(app)
    client.set_cookie("lang", "kk")
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert '<h2 id="history">Мәртебе тарихы</h2>' in html
    assert '<span class="status status-2">Іске асыру</span>' in html
    assert "Иллюстрациялық жазба." in html and "Status history" not in html
    client.set_cookie("lang", "ru")
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert '<h2 id="history">История статусов</h2>' in html
    assert '<span class="status status-2">Реализация</span>' in html
    assert "<dt>Ответственные организации</dt>" in html  # the IATI role, for the reader


def test_the_project_page_shows_the_title_and_description_in_the_readers_language(app, client):
    with app.app_context():
        project = make_project(db.session, title="Clean water for Shymkent", code="LANG-2",
                               description="Pipes and pumps.")  # fmt: skip
        project.texts.append(
            ProjectText(language="kk", title="Шымкентке таза су", description="Құбырлар.")
        )
        db.session.commit()
        project_id = project.id
    client.set_cookie("lang", "kk")
    html = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "<h1>Шымкентке таза су</h1>" in html and "Құбырлар." in html
    assert "Clean water for Shymkent" not in html
    client.set_cookie("lang", "en")
    html = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "<h1>Clean water for Shymkent</h1>" in html and "Шымкентке" not in html


def test_the_form_saves_and_shows_titles_in_kazakh_and_russian(app, client, sign_in):
    sign_in("analyst")
    form = new_project_form(client, app, title_kk="Балалар жәрдемақысы eGov-та",
                            title_ru="Детские пособия на eGov",
                            description_ru="Онлайн-заявки на детские пособия.")  # fmt: skip
    project_id = created_id(form.submit(client))
    with app.app_context():
        project = db.session.get(Project, project_id)
        texts = {text.language: (text.title, text.description) for text in project.texts}
    assert texts == {
        "kk": ("Балалар жәрдемақысы eGov-та", ""),
        "ru": ("Детские пособия на eGov", "Онлайн-заявки на детские пособия."),
    }
    html = client.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert 'value="Детские пособия на eGov"' in html and "Онлайн-заявки" in html
    assert 'name="title_en"' not in html  # the project's own language is the main title
    edited = edit_form(client, project_id)
    edited.set("title_ru", "Детские пособия онлайн").set("title_kk", "")
    assert edited.submit(client).status_code == 302
    with app.app_context():
        texts = {t.language: t.title for t in db.session.get(Project, project_id).texts}
    assert texts == {"ru": "Детские пособия онлайн"}  # the emptied Kazakh title is gone


def test_the_form_explains_its_problems_in_russian(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    response = new_project_form(client, app, title="", budget="-5", title_kk="x" * 301).submit(
        client
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Укажите название проекта." in html and "Бюджет не может быть отрицательным." in html
    assert "Название может содержать не более 300 символов." in html
    assert "Проект не сохранён: 3 поля требуют внимания." in html
    assert "<h1>Новый проект</h1>" in html


def test_status_changes_speak_kazakh(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "kk")
    project = first_project(app)
    html = client.get(f"/projects/{project.id}/status").get_data(as_text=True)
    assert "<h1>Мәртебе өзгерісін тіркеу</h1>" in html
    assert re.search(r'<option[^>]*value="6"[^>]*>Тоқтатыла тұрған</option>', html)
    response = post_status(client, project, "6", date.today().isoformat(), "")
    assert "Өзгерістің себебін көрсетіңіз." in response.get_data(as_text=True)


def test_the_status_rules_explain_themselves_in_russian(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    project = first_project(app)
    response = post_status(client, project, "6", "2099-01-01", "Задержка софинансирования")
    assert response.status_code == 422
    assert "Дата вступления в силу не может быть в будущем." in response.get_data(as_text=True)


def test_a_project_past_its_planned_end_asks_to_be_updated(app, client, time_machine):
    # The day the illustrative portfolio describes: none of its projects is overdue yet.
    time_machine.move_to(AS_OF, tick=False)
    project = first_project(app)
    with app.app_context():
        db.session.execute(
            update(Project)
            .where(Project.id == project.id)
            .values(planned_start=date(2024, 1, 1), planned_end=date(2025, 1, 31))
        )
        db.session.commit()
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Needs updating." in page
    assert "The planned end (Jan 31, 2025) has passed while the project is in implementation" in (
        page
    )
    register = client.get(f"/projects?q={project.code}").get_data(as_text=True)
    assert register.count('class="tag tag-attention"') == 1
    home = client.get("/").get_data(as_text=True)
    assert "Needs updating (1)" in home and f'href="/projects/{project.id}"' in home
    client.set_cookie("lang", "ru")
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Needs updating." not in page and "Требует обновления." in page
    assert "Плановое окончание (31 янв. 2025" in page


def test_the_edit_and_status_forms_of_an_illustrative_project_say_so(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app)
    assert project.is_illustrative
    for path in (f"/projects/{project.id}", f"/projects/{project.id}/edit",
                 f"/projects/{project.id}/status"):  # fmt: skip
        page = client.get(path).get_data(as_text=True)
        assert page.count("notice-illustrative") == 1 and "Illustrative record." in page, path


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_nul_character_in_a_form_is_a_bad_request_and_changes_nothing(app, client, sign_in,
                                                                        field):  # fmt: skip
    # A browser cannot send it (lxml cannot even hold it): the page's own values, one forged.
    sign_in("analyst")
    project = first_project(app)
    data = page_form(client.get(f"/projects/{project.id}/edit"), ".project-form").values()
    data[field] = "Clean water\x00"
    response = client.post(f"/projects/{project.id}/edit", data=data)
    assert response.status_code == 400
    assert "The request could not be understood" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Project, project.id).version == project.version


def test_a_budget_is_stored_to_the_cent_or_refused_as_too_large_for_the_database(
    app, client, sign_in
):
    # SQLite keeps amounts as floating point, exact to 15 digits; PostgreSQL to its column.
    sign_in("analyst")
    response = new_project_form(client, app, budget="12345678901234.56").submit(client)
    with app.app_context():
        sqlite = db.session.get_bind().dialect.name == "sqlite"
    if sqlite:
        assert response.status_code == 422
        assert ("The budget is too large: the tracker keeps amounts up to "
                "9,999,999,999,999.99.") in response.get_data(as_text=True)  # fmt: skip
    else:
        with app.app_context():
            project = db.session.get(Project, created_id(response))
            assert project.budget == Decimal("12345678901234.56")
