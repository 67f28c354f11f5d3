"""The dashboards and the import pages in Kazakh and Russian: interface texts from the
catalogues, SDG goal and target texts from the seed data, one cached page per language."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from tests.forms import page_form
from tracker.config import ROOT
from tracker.extensions import db
from tracker.formats.csv_projects import WIDE_COLUMNS
from tracker.models import Project, ProjectTarget, ProjectText, Target, User
from tracker.services import figure_cache
from tracker.services.accounts import api_tokens
from tracker.views.exchange import COLUMN_MEANINGS

REFERENCE = ROOT / "seed_data" / "reference"


def seed_rows(file_name: str, key: str) -> dict[str, dict[str, str]]:
    with (REFERENCE / file_name).open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


GOALS = seed_rows("sdg_goals.csv", "goal")
TARGETS = seed_rows("sdg_targets.csv", "target_id")


def text_of(html: str) -> str:
    """The page's words, without tags and runs of white space."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client, path: str, language: str) -> str:
    client.set_cookie("lang", language)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def chart_titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="chart-[a-z]+">([^<]+)</h2>', html)


def bar_labels(html: str) -> list[str]:
    return re.findall(r'<span class="bar-label">([^<]+)</span>', html)


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_in_kazakh(client):
    html = page(client, "/dashboard", "kk")
    assert "<h1>Портфельдің жай-күйі</h1>" in html
    assert chart_titles(html) == [
        "Мәртебелер бойынша", "ТДМ мақсаттары бойынша", "Сала санаттары бойынша (ЭЫДҰ DAC)",
        "Өңірлер бойынша", "БҰҰ агенттіктері бойынша",
        "Жылдар бойынша басталған, аяқталған және белсенді жобалар",
    ]  # fmt: skip
    labels = bar_labels(html)
    assert f"6 {GOALS['6']['short_title_kk']}" in labels  # goal 6 from the seed data
    assert GOALS["6"]["short_title_kk"] == "Таза су мен санитария"
    assert "Іске асыру" in labels and "Implementation" not in labels  # status names
    words = text_of(html)
    assert "Әр элементке қатысты жобалар көрсетілген" in words
    assert "Сандар кесте түрінде" in words and "CSV жүктеп алу" in words
    assert '<option value="">Барлық мәртебелер</option>' in html
    assert '<p class="figure-value">235</p><p class="figure-label">жоба</p>' in html


def test_the_overview_in_russian(client):
    html = page(client, "/dashboard?mode=budget", "ru")
    assert "<h1>Состояние портфеля</h1>" in html
    assert chart_titles(html)[:2] == ["По статусам", "По целям ЦУР"]
    assert f"6 {GOALS['6']['short_title_ru']}" in bar_labels(html)
    words = text_of(html)
    assert "Показан бюджет, распределённый на каждый элемент" in words
    assert 'aria-current="true">Распределённый бюджет</a>' in html
    assert '<th scope="col" class="num">Бюджет (USD)</th>' in html
    assert "235 проектов" in words  # the download of the projects behind the figures
    assert "Budget allocated" not in html and "By status" not in html


def test_a_bad_mode_is_explained_in_the_readers_language(client):
    html = page(client, "/dashboard?mode=evil", "ru")
    assert "Неизвестный режим «evil»; показаны проекты." in html


def test_the_cache_keeps_one_overview_per_language(client):
    figure_cache.clear()
    headings = {"en": "Where the portfolio stands", "kk": "Портфельдің жай-күйі",
                "ru": "Состояние портфеля"}  # fmt: skip
    for language in ("en", "kk", "ru", "en", "kk", "ru"):  # the second round comes from the cache
        html = page(client, "/dashboard?status=2", language)
        assert f"<h1>{headings[language]}</h1>" in html, language
        others = [heading for other, heading in headings.items() if other != language]
        assert not any(heading in html for heading in others), language
    assert sum(key[0][0] == "overview" for key in figure_cache._entries) == 3


def test_the_chart_files_keep_english_headers(client):
    client.set_cookie("lang", "kk")
    text = client.get("/dashboard/goals.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["key", "label", "projects"]
    assert rows[6][:2] == ["6", f"6 {GOALS['6']['short_title_kk']}"]
    text = client.get("/dashboard/timeline.csv").get_data(as_text=True).lstrip("\ufeff")
    assert text.startswith("year,projects started,projects completed,projects active")


# --- the SDG pages and the heatmap --------------------------------------------------------------


def test_the_goal_tiles_in_russian(client):
    html = page(client, "/dashboard/sdg", "ru")
    assert "<h1>Портфель по целям ЦУР</h1>" in html
    titles = re.findall(r'<span class="tile-title">([^<]+)</span>', html)
    assert titles == [GOALS[str(n)]["short_title_ru"] for n in range(1, 18)]
    assert re.search(r"<strong>\d+</strong> проект(а|ов)?<br>", html)


def test_a_goal_page_in_kazakh(client):
    html = page(client, "/dashboard/sdg/6", "kk")
    goal = GOALS["6"]
    assert f"{goal['short_title_kk']}</h1>" in html
    assert f'title="ТДМ 6: {goal["short_title_kk"]}"' in html
    assert f'<p class="lead">{goal["title_kk"]}</p>' in html
    assert "› 6-мақсат</nav>" in html
    words = text_of(html)
    for code in ("6.1", "6.b"):
        assert TARGETS[code]["title_kk"] in words, code
    assert TARGETS["6.1"]["title_en"] not in words
    assert re.search(r"Жобасы жоқ міндеттер \(\d+ ішінен \d+\)", words)
    assert "Осы мақсатқа қызмет ететін" in words and "Targets" not in words


def test_a_goal_page_shows_project_titles_in_the_readers_language(app, client):
    with app.app_context():
        project_id, code, goal = db.session.execute(
            select(Project.id, Project.code, Target.goal_number)
            .join(ProjectTarget, ProjectTarget.project_id == Project.id)
            .join(Target, Target.id == ProjectTarget.target_id)
            .order_by(Project.code).limit(1)
        ).one()  # fmt: skip
        db.session.add(ProjectText(project_id=project_id, language="ru", title="Русское название"))
        db.session.commit()
    html = page(client, f"/dashboard/sdg/{goal}", "ru")
    assert f">{code}</a> Русское название</li>" in html
    html = page(client, f"/dashboard/sdg/{goal}", "kk")  # no Kazakh title: its own, marked
    assert re.search(rf'>{re.escape(code)}</a> <span lang="en" class="fallback-text"', html)


def test_the_heatmap_in_kazakh(client):
    html = page(client, "/dashboard/heatmap", "kk")
    assert "<h1>Салалар және ТДМ мақсаттары</h1>" in html
    assert f'title="ТДМ 6: {GOALS["6"]["short_title_kk"]}">6</span>' in html
    assert '<th scope="col">Сала санаты</th>' in html
    assert re.search(r'title="\d{3} [^"]+ × ТДМ \d+: \d+"', html)
    html = page(client, "/dashboard/heatmap?mode=budget", "ru")
    # The caption names the currency of the amounts (its words: the catalogue's, once merged).
    assert re.search(r'<caption class="visually-hidden">[^<]*USD</caption>', html)
    cells = re.findall(r'<td class="heat heat-\d"><a [^>]*>([^<]+)</a>', html)
    assert cells and all(re.fullmatch(r"\d+,\d", cell) for cell in cells)  # 12,3 in Russian


# --- the API stays English ----------------------------------------------------------------------


def test_the_api_dashboard_stays_english_for_a_kazakh_reader(app, client):
    with app.app_context():
        viewer = db.session.scalar(select(User).where(User.username == "viewer"))
        _, secret = api_tokens.issue_token(db.session, viewer, "tests", issued_by=None)
        db.session.commit()
    client.set_cookie("lang", "kk")
    response = client.get(
        "/api/v1/dashboard",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "kk"},
    )
    body = response.get_json()
    assert [chart["title"] for chart in body["charts"]][:2] == ["By status", "By SDG goal"]
    goals = next(chart for chart in body["charts"] if chart["name"] == "goals")
    assert goals["bars"][5]["label"] == f"6 {GOALS['6']['short_title_en']}"
    assert body["mode_description"].startswith("Projects touching each item")


# --- the import pages -------------------------------------------------------------------------


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(IMPORT_FOLDER=str(tmp_path / "imports"))


def upload(client, data: bytes, name: str = "projects.csv"):
    return (
        page_form(client.get("/import"), "#upload-form").attach("file", data, name).submit(client)
    )


def test_every_column_of_the_file_is_explained_in_the_readers_language():
    assert list(COLUMN_MEANINGS) == [name for name, _ in WIDE_COLUMNS]


def test_the_import_page_in_russian(client, sign_in):
    sign_in("analyst")
    html = page(client, "/import", "ru")
    assert "<h1>Импорт проектов</h1>" in html
    words = text_of(html)
    assert "Файл для импорта" in words and "Загрузить и просмотреть" in words
    assert "Обязательные столбцы: <code>code</code>, <code>title</code>;" in html
    assert "уникальный код проекта" in words and "обязательный" in words
    assert "the project's unique code" not in words
    response = upload(client, b"not a file", "notes.pdf")
    assert response.status_code == 422
    assert "notes.pdf не является ни файлом .csv, ни файлом .xml." in response.get_data(True)


def test_an_import_preview_in_russian(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    with app.app_context():
        code = db.session.scalar(select(Project.code).where(Project.status == 2).limit(1))
    data = f"code,title,status\n{code},Новое название,4\nNEW-1,,1\n".encode()
    html = client.get(upload(client, data).location).get_data(as_text=True)
    assert "<h1>Предварительный просмотр: projects.csv</h1>" in html
    words = text_of(html)
    assert "Пока ничего не сохранено." in words
    assert "<strong>Импорт невозможен</strong>, пока в файле не исправлены ошибки" in html
    assert "где столбец серьёзность код сообщение" in words  # the problems' column headers
    assert '<span class="tag tag-inactive">ошибка</span>' in html
    assert re.search(r'figure-value">1</p>\s*<p class="figure-label">будет обновлено', html)
    assert "Изменённые проекты (1)" in words
    assert "<td>Название</td>" in html and "<td>Статус</td>" in html  # the changed fields
    assert re.search(r"Реализация</td><td>Закрыт \(с \d+\s[а-я]+\.?\s\d{4}\sг\.\)</td>", html)


def test_an_import_is_confirmed_in_russian(app, client, sign_in):
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    with app.app_context():
        code = db.session.scalar(select(Project.code).where(Project.status == 2).limit(1))
    preview_url = upload(client, f"code,title\n{code},Новое название\n".encode()).location
    preview = client.get(preview_url)
    assert "Импортировать: создать 0, обновить 1" in preview.get_data(as_text=True)
    response = page_form(preview, "#confirm-form").submit(client)
    follow = client.get(response.location).get_data(as_text=True)
    assert "Файл projects.csv импортирован: создано — 0, обновлено — 1" in follow
