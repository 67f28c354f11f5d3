"""The register page through the test client: filters in the URL, sorting, pages, roles."""

import re

from sqlalchemy import func, select

from tests.factories import make_project
from tracker.extensions import db
from tracker.models import Project, ProjectText
from tracker.services.register.search import RegisterFilters, filtered_select


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def count_of(app, **filters) -> int:
    with app.app_context():
        query = filtered_select(RegisterFilters(**filters), func.count(Project.id))
        return db.session.scalar(query)


def total_shown(html: str) -> int:
    match = re.search(r'id="result-count"><strong>([\d,]+)</strong>', html)
    assert match, "the page shows no count"
    return int(match.group(1).replace(",", ""))


def test_anyone_reads_the_register(client):
    html = html_of(client, "/projects")
    assert total_shown(html) == 235 and "</strong> projects match" in html
    assert html.count("<tr>") == 51  # the header and 50 rows
    assert "Illustrative</span>" in html and 'class="goal-badge goal-' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1<' in html
    assert re.search(r'href="/projects/\d+"', html)  # each title links to its project
    assert "New project" not in html  # only for analysts
    # The CSP allows neither inline styles nor inline scripts (scripts from files only).
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_filters_come_from_the_url_and_stay_in_every_link(app, client):
    html = html_of(client, "/projects?goal=13&status=2&per_page=25")
    assert total_shown(html) == count_of(app, goal=13, status=2)
    assert re.search(r'<option value="13" selected>13 ', html)
    assert '<option value="2" selected>2 · Implementation' in html
    for href in re.findall(r'class="sort-link" href="([^"]+)"', html):
        assert "goal=13" in href and "status=2" in href and "per_page=25" in href
    assert "SDG: 13 Climate action" in html  # listed as a filter in use, with a remove link
    assert 'href="/projects?status=2&amp;per_page=25"' in html  # removes the goal only


def test_each_filter_narrows_the_page_as_the_service_counts(app, client):
    for query, filters in [
        ("target=3.8", {"target": "3.8"}),
        ("sector=121", {"sector": "121"}),
        ("place=KZ-75", {"place": "KZ-75"}),
        ("agency=UNDP", {"agency": "UNDP"}),
        ("funder=GEF", {"funder": "GEF"}),
        ("start_from=2015&start_to=2018", {"start_from": 2015, "start_to": 2018}),
        ("end_to=2012", {"end_to": 2012}),
        ("q=water", {"q": "water"}),
    ]:
        expected = count_of(app, **filters)
        assert 0 < expected < 235, query
        assert total_shown(html_of(client, f"/projects?{query}")) == expected, query


def test_pages_link_to_their_neighbours_and_mark_the_current_one(client):
    html = html_of(client, "/projects?page=3&sort=budget&dir=desc")
    assert "showing 101–150, page 3 of 5" in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3<' in html
    assert 'href="/projects?sort=budget&amp;page=2" rel="prev"' in html
    assert 'href="/projects?sort=budget&amp;page=4" rel="next"' in html
    assert html_of(client, "/projects?per_page=100").count("<tr>") == 101


def test_column_headers_sort_and_toggle(client):
    html = html_of(client, "/projects?sort=budget&dir=desc")
    assert '<th scope="col" class="num" aria-sort="descending">' in html
    assert 'href="/projects?sort=budget&amp;dir=asc"' in html  # clicking again reverses
    assert 'href="/projects?sort=title"' in html  # another column starts in its own order
    budgets = [
        int(b.replace(",", "")) for b in re.findall(r'data-label="Budget">USD ([\d,]+)<', html)
    ]
    assert len(budgets) == 50 and budgets == sorted(budgets, reverse=True)


def test_bad_parameters_are_explained_not_fatal(client):
    html = html_of(client, "/projects?page=abc&status=9&sort=evil&dir=sideways&per_page=7"
                           "&goal=99&target=x&start_from=19999&place=%3Cb%3E")  # fmt: skip
    assert total_shown(html) == 235  # every bad filter is ignored
    assert "Part of this address could not be used" in html
    for message in ("Page “abc”", "Status “9”", "Sort column “evil”", "Rows per page “7”",
                    "SDG goal “99”", "SDG target “x”", "Region “&lt;b&gt;”"):  # fmt: skip
        assert message in html


def test_a_nul_character_in_the_search_is_a_space(app, client):
    # PostgreSQL refuses NUL in a query: the page failed with a server error.
    assert total_shown(html_of(client, "/projects?q=water%00")) == count_of(app, q="water")


def test_empty_form_fields_redirect_to_a_short_address(client):
    response = client.get("/projects?q=&status=&goal=13&target=&sort=start&dir=desc&per_page=50")
    assert response.status_code == 302
    assert response.headers["Location"] == "/projects?goal=13"


def test_a_page_past_the_end_is_explained_with_a_link_to_the_last(client):
    html = html_of(client, "/projects?page=99&goal=13&per_page=25")
    last = html_of(client, "/projects?goal=13&per_page=25")
    pages = int(re.search(r"page 1 of (\d+)", last).group(1))
    assert "Part of this address could not be used" in html
    assert f"There is no page 99: these projects fill {pages} pages." in html
    assert f'<a href="/projects?goal=13&amp;page={pages}&amp;per_page=25">' in html
    assert f"page {pages} of {pages}" in html  # the last page is shown meanwhile
    one = html_of(client, "/projects?goal=13&status=3&page=2")
    assert "There is no page 2: these projects fill one page." in one


def test_titles_are_escaped(app, client):
    with app.app_context():
        make_project(db.session, title="<script>alert(1)</script>", code="XSS-1")
        db.session.commit()
    html = html_of(client, "/projects?q=alert")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Illustrative</span>" not in html  # a manual project is a real one


def test_text_search_is_literal(app, client):
    with app.app_context():
        make_project(db.session, title="Solar 100% off-grid", code="PCT-1")
        db.session.commit()
    assert total_shown(html_of(client, "/projects?q=%25")) == 1
    assert total_shown(html_of(client, "/projects?q=_")) == 0


def test_nothing_matching_offers_to_clear_the_filters(client):
    html = html_of(client, "/projects?q=no-such-project-anywhere&status=2")
    assert "No projects match these filters" in html
    assert '<a class="button" href="/projects">Clear all filters</a>' in html
    assert "<table" not in html


def test_an_empty_register_says_how_to_fill_it(make_app):
    html = html_of(make_app("reference").test_client(), "/projects")
    assert "No projects yet" in html and "flask --app tracker seed" in html


def test_a_viewer_reads_without_a_new_project_button(client, sign_in):
    sign_in("viewer")
    assert "New project" not in html_of(client, "/projects")


def test_an_analyst_gets_a_new_project_button(client, sign_in):
    sign_in("analyst")
    assert 'href="/projects/new">New project</a>' in html_of(client, "/projects")


def test_the_page_works_before_the_project_pages_exist(app, client):
    del app.view_functions["projects.detail"]
    html = html_of(client, "/projects")
    assert not re.search(r'href="/projects/\d+"', html) and total_shown(html) == 235


def test_every_project_is_reachable_page_by_page(app, client):
    codes = []
    for page in range(1, 6):
        codes += re.findall(r'data-label="Code"><code>([^<]+)</code>', html_of(
            client, f"/projects?sort=code&page={page}"))  # fmt: skip
    with app.app_context():
        assert codes == sorted(db.session.scalars(select(Project.code)))


def test_the_register_speaks_kazakh_and_russian(client):
    client.set_cookie("lang", "kk")
    html = html_of(client, "/projects?status=2")
    assert "<h1>Жобалар тізілімі</h1>" in html and ">ТДМ мақсаты</label>" in html
    assert '<option value="2" selected>2 · Іске асыру' in html
    assert '<span class="status status-2">Іске асыру</span>' in html
    assert "Implementation" not in html and "Project register" not in html
    client.set_cookie("lang", "ru")
    html = html_of(client, "/projects?status=2&goal=13")
    assert "<h1>Реестр проектов</h1>" in html and ">Задача ЦУР</label>" in html
    assert '<span class="status status-2">Реализация</span>' in html
    assert "ЦУР: 13 Борьба с изменением климата" in html  # the goal from the seed's ru column
    assert re.search(r"Найдено <strong>\d+</strong> проект", html)


def test_the_register_explains_bad_filters_in_the_readers_language(client):
    client.set_cookie("lang", "ru")
    html = html_of(client, "/projects?status=9&start_from=2030&start_to=2020")
    assert "Статус: «9» — нужно число от 1 до 6; не учтено." in html
    assert "Годы начала были указаны в обратном порядке; теперь они переставлены." in html
    filters, problems = RegisterFilters.from_args({"status": "9"})  # files and the API: English
    assert problems == ["Status “9” should be a number from 1 to 6; ignored."]


def test_a_title_is_shown_in_the_readers_language_when_the_project_has_it(app, client):
    with app.app_context():
        project = make_project(db.session, title="Clean water for Shymkent", code="LANG-1")
        project.texts.append(ProjectText(language="kk", title="Шымкентке таза су"))
        db.session.commit()
    client.set_cookie("lang", "kk")
    html = html_of(client, "/projects?q=LANG-1")
    assert "Шымкентке таза су" in html and "Clean water for Shymkent" not in html
    client.set_cookie("lang", "en")
    html = html_of(client, "/projects?q=LANG-1")
    assert ">Clean water for Shymkent</a>" in html and "Шымкентке" not in html
    client.set_cookie("lang", "ru")  # no Russian title: the English one, marked as such
    html = html_of(client, "/projects?q=LANG-1")
    assert re.search(
        r'<span lang="en" class="fallback-text" title="[^"]+">Clean water for Shym', html
    )
