"""Problem messages in the reader's language: form errors, refused status changes, the import
preview and its problems CSV; English outside a request (the command line)."""

import re

import pytest
from sqlalchemy import select

from tests.forms import page_form
from tests.views.test_exchange import a_project, upload
from tests.views.test_projects import first_project, new_project_form, post_status
from tracker.extensions import db
from tracker.formats.csv_import import read_projects_csv
from tracker.formats.iati import read_activities
from tracker.models import Project


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(IMPORT_FOLDER=str(tmp_path / "imports"))


def test_a_taken_code_is_refused_in_kazakh_on_the_project_form(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "kk")
    code, _title = a_project(app)
    form = new_project_form(client, app, code=code, budget="100.5", actual_start="2099-01-01")
    html = form.submit(client).get_data(as_text=True)
    assert f"{code} коды басқа жобада қолданылған." in html
    assert "Нақты басталуы болашақта бола алмайды; жоспарлы басталуын пайдаланыңыз." in html
    assert "is used by another project" not in html


def test_the_import_preview_and_its_problems_csv_speak_russian(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    code, title = a_project(app)
    data = f"code,title,sdg_targets,colour\n{code},{title},3.8; 18.1,red\nNEW-1,New,3.8,\n"
    page = client.get(upload(client, data.encode()).location).get_data(as_text=True)
    assert "Неизвестные задачи ЦУР: 18.1 (каждая должна быть задачей ЦУР вида 3.8 или 9.c)." in page
    assert "Для нового проекта нужен статус (от 1 до 6)." in page
    assert "Неизвестный столбец colour не учитывается." in page
    assert "Unknown SDG targets" not in page
    problems = client.get(f"{upload(client, data.encode()).location}/problems.csv")
    text = problems.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == "where,column,severity,code,message"  # the format's words
    assert f"line 2,sdg_targets,error,{code},Неизвестные задачи ЦУР: 18.1" in text


def test_a_refused_status_change_in_an_import_is_explained_in_kazakh(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "kk")
    code, title = a_project(app)  # in Implementation, which cannot go back to Pipeline
    data = f"code,title,status\n{code},{title},1\n".encode()
    page = client.get(upload(client, data).location).get_data(as_text=True)
    assert (
        "«2 Іске асыру» мәртебесіндегі жоба «1 Дайындық/сәйкестендіру» мәртебесіне ауыса "
        "алмайды; рұқсат етілгені: 3 Аяқталу кезеңі, 4 Жабылған, 6 Тоқтатыла тұрған, "
        "5 Күші жойылған." in page
    )


def test_a_kazakh_reader_confirms_an_import_with_warnings(app, client, sign_in):
    """The preview and the confirmation plan the file again in the same language, so their
    fingerprints (which include the warnings' words) agree."""
    sign_in("analyst")
    client.set_cookie("lang", "kk")
    code, _title = a_project(app)
    preview_url = upload(client, f"code,title,colour\n{code},Импортпен өзгертілді,red\n".encode())
    preview = client.get(preview_url.location)
    assert "Белгісіз colour бағаны ескерілмейді." in preview.get_data(as_text=True)
    response = page_form(preview, "#confirm-form").submit(client)
    assert response.status_code == 302
    with app.app_context():
        title = db.session.scalar(select(Project.title).where(Project.code == code))
    assert title == "Импортпен өзгертілді"


def test_the_readers_speak_english_outside_a_request_and_the_readers_language_inside(app):
    data = b"code,title,status\nA-1,One,9\n"
    (problem,) = read_projects_csv(data)[1]
    assert problem.message == "status must be an IATI activity status code from 1 to 6, not “9”."
    with app.test_request_context(headers={"Cookie": "lang=kk"}):
        (problem,) = read_projects_csv(data)[1]
        assert problem.message == (
            "status бағанында 1-ден 6-ға дейінгі IATI қызмет мәртебесінің коды болуы керек, "
            "«9» емес."
        )
        (problem,) = read_activities(b'<iati-activities version="1.05"/>')[1]
        assert problem.message.startswith("IATI-дің 1.05 нұсқасына қолдау көрсетілмейді;")
    with app.test_request_context(headers={"Cookie": "lang=ru"}):
        (problem,) = read_activities(b"")[1]
        assert problem.message == "Файл пуст."


def test_a_status_change_refused_on_the_page_names_the_last_change_day_in_russian(
    app, client, sign_in
):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    project = first_project(app)
    response = post_status(client, project, "6", "1990-01-01", "Задержка софинансирования")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"Дата вступления в силу не может быть раньше последнего изменения "
                     r"\(\d{1,2}\s[а-я]+\.?\s\d{4}\sг\.\)", page)  # fmt: skip


def test_a_russian_date_that_ends_a_sentence_has_one_full_stop(app, client, sign_in):
    # A Russian date ends with "г." itself; the sentence must not add a second dot.
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    project = first_project(app)
    page = client.get(f"/projects/{project.id}/status").get_data(as_text=True)
    assert re.search(r"имеет статус <strong>[^<]+</strong> с \d{1,2}\s[а-я]+\.?\s\d{4}\sг\.<", page)
    assert "г.." not in page
