"""The page frame, the home page, signing in, error pages and the admin pages in Kazakh and
Russian: interface texts from the catalogues, SDG goal names from the seed data."""

import re

from sqlalchemy import select

from tests.conftest import password_of
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import Goal, User

NEW_PASSWORD = "a-long-enough-password"


def text_of(html: str) -> str:
    """The page's words, without tags and runs of white space."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def post_form(client, url: str, data: dict):
    """Fill in the page's form with ``data`` and send it, as a person does."""
    form = page_form(client.get(url))
    for name, value in data.items():
        form.set(name, value)
    return form.submit(client)


def short_titles(app, language: str) -> dict[int, str]:
    with app.app_context():
        column = getattr(Goal, f"short_title_{language}")
        return dict(db.session.execute(select(Goal.number, column)).all())


def test_the_home_page_in_kazakh(app, client):
    client.set_cookie("lang", "kk")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="kk">' in html
    assert "<title>Шолу · ТДМ портфелінің мониторингі: БҰҰ — Қазақстан</title>" in html
    assert "<h1>Портфельге шолу</h1>" in html
    assert ">Мазмұнға өту</a>" in html
    nav = re.search(r'<nav aria-label="Басты мәзір" class="main-nav">(.*?)</nav>', html, re.S)
    assert nav is not None
    assert [text_of(link) for link in re.findall(r"<a [^>]*>.*?</a>", nav.group(1))] == [
        "Басты бет", "Бақылау тақтасы", "ТДМ мақсаттары", "Қаржыландыру", "Нәтижелер",
        "Жобалар", "Өзгерістер журналы",
    ]  # fmt: skip
    assert "Кіру</a>" in html and "Sign in" not in html
    page = text_of(html)
    assert "Мұндағы барлық 235 жоба — көрсетуге арналған иллюстрациялық жазбалар" in page
    assert "235 портфельдегі жобалар" in page and "17 мақсаттың ішінен 16" in page
    assert "ТДМ мақсаттары бойынша жобалар" in page


def test_goal_names_on_the_home_page_come_from_the_seed_data_in_kazakh(app, client):
    client.set_cookie("lang", "kk")
    html = client.get("/").get_data(as_text=True)
    names = re.findall(r'<span class="goal-name">(.*?)</span>', html)
    titles = short_titles(app, "kk")
    assert names == [titles[number] for number in range(1, 18)]
    assert titles[1] == "Кедейлікті жою"  # the official translation, not the English
    assert 'title="ТДМ 1: Кедейлікті жою"' in html  # the goal badge's tooltip
    assert "fallback-text" not in html.split('class="goal-list"')[1]


def test_the_home_page_in_russian(app, client):
    client.set_cookie("lang", "ru")
    html = client.get("/").get_data(as_text=True)
    assert "<h1>Обзор портфеля</h1>" in html
    assert ">Главная</a>" in html and ">Панель показателей</a>" in html
    page = text_of(html)
    assert "Все проекты здесь (235) — иллюстративные записи" in page
    assert "Проекты по целям ЦУР" in page
    titles = short_titles(app, "ru")
    assert f'<span class="goal-name">{titles[6]}</span>' in html
    assert "Цели, задачи и показатели ЦУР: United Nations Statistics Division" in page


def test_the_sign_in_page_in_kazakh_and_russian(client):
    expected = {
        "kk": ("<h1>Кіру</h1>", "Пайдаланушы аты</label>", "Құпиясөз</label>", "Кіру</button>"),
        "ru": ("<h1>Войти</h1>", "Имя пользователя</label>", "Пароль</label>", "Войти</button>"),
    }
    for language, texts in expected.items():
        client.set_cookie("lang", language)
        html = client.get("/sign-in").get_data(as_text=True)
        for text in texts:
            assert text in html, (language, text)


def test_a_wrong_password_is_refused_in_russian(client):
    client.set_cookie("lang", "ru")
    response = post_form(client, "/sign-in", {"username": "analyst", "password": "wrong"})
    assert response.status_code == 401
    assert "Неверное имя пользователя или пароль." in response.get_data(as_text=True)


def test_empty_fields_and_a_locked_user_name_are_explained_in_kazakh_and_russian(client):
    client.set_cookie("lang", "kk")
    html = post_form(client, "/sign-in", {"username": "", "password": ""}).get_data(True)
    assert "Пайдаланушы атыңызды енгізіңіз." in html and "Құпиясөзіңізді енгізіңіз." in html
    for _ in range(5):
        post_form(client, "/sign-in", {"username": "analyst", "password": "guess"})
    client.set_cookie("lang", "ru")
    locked = post_form(client, "/sign-in", {"username": "analyst", "password": "guess"})
    assert locked.status_code == 429
    assert re.search(r"Попробуйте снова через \d+ минут", locked.get_data(as_text=True))


def test_signing_in_and_out_speaks_the_readers_language(client):
    client.set_cookie("lang", "ru")
    username, password = password_of("viewer")
    post_form(client, "/sign-in", {"username": username, "password": password})
    html = client.get("/").get_data(as_text=True)
    assert "Вы вошли как Demo viewer (manager) (читатель)." in html
    assert "<small>читатель</small>" in html and "Выйти</button>" in html
    page_form(html, "/sign-out").submit(client)
    assert "Вы вышли из системы здесь и везде, где был выполнен вход." in client.get("/").get_data(
        as_text=True
    )


def test_a_missing_page_in_kazakh(client):
    client.set_cookie("lang", "kk")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<title>Бет табылмады · " in html and "<h1>Бет табылмады</h1>" in html
    assert "Бұл мекенжайда бет жоқ. Ол басқа жерге ауысқан болуы мүмкін." in html
    assert ">Шолуға оралу</a>" in html


def test_the_api_keeps_answering_in_english(client):
    client.set_cookie("lang", "kk")
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.is_json


def test_pages_that_need_a_role_say_so_in_the_readers_language(client, sign_in):
    client.set_cookie("lang", "kk")
    html = client.get("/admin/users", follow_redirects=True).get_data(as_text=True)
    assert "Жалғастыру үшін жүйеге кіріңіз." in html
    sign_in("analyst")
    client.set_cookie("lang", "ru")
    refused = client.get("/admin/users")
    assert refused.status_code == 403
    assert "<h1>Доступ запрещён</h1>" in refused.get_data(as_text=True)


def test_an_admin_adds_a_user_in_russian_and_the_role_is_stored_in_english(app, client, sign_in):
    sign_in("admin")
    client.set_cookie("lang", "ru")
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "<h1>Добавить пользователя</h1>" in form
    assert '<option value="analyst">Аналитик</option>' in form
    response = post_form(client, "/admin/users/new", {
        "username": "aigerim", "role": "analyst", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Пользователь aigerim добавлен с ролью «аналитик»." in page
    assert '<span class="role role-analyst">аналитик</span>' in page
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.username == "aigerim")) == "analyst"


def test_form_and_account_errors_in_kazakh_and_russian(client, sign_in):
    sign_in("admin")
    client.set_cookie("lang", "kk")
    html = post_form(client, "/admin/users/new", {
        "username": "has space", "role": "viewer", "password": "short", "confirm": "other",
    }).get_data(as_text=True)  # fmt: skip
    assert 'id="username-error">Тек әріптер, цифрлар және . _ - @ таңбалары, бос орынсыз.' in html
    assert 'id="password-error">Ұзындығы 10–200 таңба болуы керек.' in html
    assert 'id="confirm-error">Құпиясөздер сәйкес келмейді.' in html
    client.set_cookie("lang", "ru")
    html = post_form(client, "/admin/users/new", {
        "username": "Analyst", "role": "viewer", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }).get_data(as_text=True)  # fmt: skip
    assert 'id="username-error">Имя пользователя «Analyst» уже занято.' in html


def test_the_token_pages_in_kazakh(app, client, sign_in):
    sign_in("admin")
    client.set_cookie("lang", "kk")
    with app.app_context():
        viewer = db.session.scalar(select(User.id).where(User.username == "viewer"))
    html = client.get(f"/admin/users/{viewer}/tokens").get_data(as_text=True)
    assert "<h1>viewer пайдаланушысының API токендері</h1>" in html
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in html
    response = post_form(client, f"/admin/users/{viewer}/tokens", {"name": "Power BI"})
    assert response.status_code == 201
    assert "Токен тек осы жолы ғана көрсетіледі." in response.get_data(as_text=True)


def test_statuses_on_the_home_page_in_russian(client):
    client.set_cookie("lang", "ru")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="code">2</span>\n          Реализация</th>' in html
    assert "Подготовка/<wbr>идентификация" in html
