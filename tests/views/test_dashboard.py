"""The dashboards through the test client: pages, filters in the URL, CSV, caching."""

import csv
import io
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, update

from tests.factories import make_project
from tracker.extensions import db
from tracker.models import Project


def figure(html: str, label: str) -> str:
    match = re.search(r'figure-value">([^<]+)</p><p class="figure-label">' + re.escape(label), html)
    assert match, label
    return match.group(1)


def test_overview_shows_the_seeded_portfolio(client):
    html = client.get("/dashboard").get_data(as_text=True)
    assert figure(html, "projects") == "235"
    assert figure(html, "active (in implementation)") == "35"
    assert figure(html, "completed (closed)") == "200"
    for title in ("By status", "By SDG goal", "By sector category", "By region", "By UN agency",
                  "Starts, completions and active projects per year"):  # fmt: skip
        assert title in html
    assert "Showing <strong>projects touching each item" in html
    assert "Illustrative data." in html


def test_filters_live_in_the_url_and_apply_to_every_figure(client):
    html = client.get("/dashboard?status=2&agency=UNDP").get_data(as_text=True)
    projects = int(figure(html, "projects"))
    assert 0 < projects < 35
    assert figure(html, "completed (closed)") == "0"
    assert 'value="2" selected' in html and "<option selected>UNDP</option>" in html
    # Drill-down links carry the filters.
    assert "/projects?status=2&amp;goal=13&amp;agency=UNDP" in html


def test_budget_mode_says_so(client):
    html = client.get("/dashboard?mode=budget").get_data(as_text=True)
    assert "Showing <strong>budget allocated to each item" in html
    assert 'aria-current="true">Budget allocated' in html


@pytest.mark.parametrize(
    "query",
    [
        "status=9",
        "active_from=abc",
        "mode=evil",
        "active_from=2030&active_to=2010",
        "agency=%3Cb%3E",
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, query):
    response = client.get(f"/dashboard?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<b>" not in html
    assert 'class="field-error" role="alert"' in html


def test_a_filter_with_no_projects_explains_itself(client):
    html = client.get("/dashboard?agency=NOBODY").get_data(as_text=True)
    assert "No projects match these filters" in html


def test_goal_pages_list_targets_and_gaps(client):
    html = client.get("/dashboard/sdg/14").get_data(as_text=True)
    assert "Targets with no project" in html
    assert "14.1" in html
    assert client.get("/dashboard/sdg/18").status_code == 404
    tiles = client.get("/dashboard/sdg").get_data(as_text=True)
    assert tiles.count('class="goal-tile goal-') == 17


def test_heatmap_in_both_measures(client):
    for mode in ("projects", "budget"):
        html = client.get(f"/dashboard/heatmap?mode={mode}").get_data(as_text=True)
        assert '<table class="heatmap">' in html and "heat-5" in html


def test_each_chart_downloads_as_csv(client):
    for name in ("statuses", "goals", "sectors", "places", "agencies", "timeline", "heatmap"):
        response = client.get(f"/dashboard/{name}.csv?status=4")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert f"sdg-portfolio-{name}-" in response.headers["Content-Disposition"]
        text = response.get_data(as_text=True)
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) > 1
    goals = list(csv.reader(io.StringIO(
        client.get("/dashboard/goals.csv").get_data(as_text=True).lstrip("\ufeff"))))  # fmt: skip
    assert goals[0] == ["key", "label", "projects"] and len(goals) == 18
    assert client.get("/dashboard/nothing.csv").status_code == 404


def test_cached_figures_follow_changes_to_the_data(app, client):
    assert (
        figure(client.get("/dashboard").get_data(as_text=True), "active (in implementation)")
        == "35"
    )
    with app.app_context():
        project = db.session.query(Project).filter_by(status=2).first()
        db.session.execute(
            update(Project).where(Project.id == project.id)
            .values(status=6, updated_at=func.now(), version=Project.version + 1)
        )  # fmt: skip
        db.session.commit()
    assert (
        figure(client.get("/dashboard").get_data(as_text=True), "active (in implementation)")
        == "34"
    )


@pytest.mark.parametrize("query", ["", "status=4&agency=UNICEF"])
def test_every_bar_opens_exactly_the_projects_it_counts(app, client, query):
    """Follow each bar's link to the register: the register counts the bar's number."""
    from html import unescape
    from urllib.parse import parse_qsl, urlsplit

    from sqlalchemy import func
    from werkzeug.datastructures import MultiDict

    from tracker.services.register.search import RegisterFilters, filtered_select

    html = client.get(f"/dashboard?{query}").get_data(as_text=True)
    link = r'<a class="bar-row" href="([^"]+)" title="[^"]*">.*?<span class="bar-value">([\d,]+)<'
    bars = re.findall(link, html, re.S)
    assert len(bars) > (40 if not query else 10)
    with app.app_context():
        for href, shown in bars:
            args = MultiDict(parse_qsl(urlsplit(unescape(href)).query))
            filters, problems = RegisterFilters.from_args(args)
            assert not problems, href
            count = db.session.scalar(filtered_select(filters, func.count(Project.id)))
            assert count == int(shown.replace(",", "")), href


def _download_links(html: str) -> list[str]:
    block = re.search(r'class="csv-download hint projects-download">(.*?)</p>', html, re.S)
    assert block, "no download of the projects behind the figures"
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', block.group(1))]


def _csv_codes(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return [row["code"] for row in csv.DictReader(io.StringIO(text, newline=""))]


@pytest.mark.parametrize("query", ["", "?status=2&agency=UNDP", "?place=KZ-75&start_from=2019"])
def test_the_overview_downloads_exactly_the_projects_it_counts(client, query):
    html = client.get("/dashboard" + query).get_data(as_text=True)
    wide, long = _download_links(html)
    codes = _csv_codes(client, wide)
    assert len(codes) == len(set(codes)) == int(figure(html, "projects").replace(",", ""))
    assert set(_csv_codes(client, long)) == set(codes)  # per target: the same projects


def test_a_goal_page_downloads_the_projects_serving_the_goal(client):
    html = client.get("/dashboard/sdg/7?status=4").get_data(as_text=True)
    serving = int(re.search(r"Open the (\d+) projects serving this goal", html).group(1))
    wide, _ = _download_links(html)
    assert "goal=7" in wide and "status=4" in wide
    assert len(_csv_codes(client, wide)) == serving > 0


# --- budgets in more than one currency --------------------------------------------------------

TENGE_NOTE = "Budgets in USD. Left out: 1 project in KZT (KZT 500,000,000)."


def _card(html: str, label: str) -> str:
    match = re.search(r'figure-value">([^<]+)</p>\s*<p class="figure-label">' + re.escape(label),
                      html)  # fmt: skip
    assert match, label
    return match.group(1)


def _rows(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _add_tenge_project(app) -> None:
    from tests.factories import make_project

    with app.app_context():
        make_project(db.session, currency="KZT", budget=Decimal("500000000"), targets=("3.8",))
        db.session.commit()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".")


BUDGET_PAGES = ["/dashboard", "/dashboard?mode=budget", "/dashboard/sdg",
                "/dashboard/heatmap?mode=budget", "/"]  # fmt: skip
CHARTS = ("statuses", "goals", "sectors", "places", "agencies", "heatmap")
BUDGET_FILES = [f"/dashboard/{name}.csv?mode=budget" for name in CHARTS]


def test_a_budget_in_tenge_is_left_out_of_the_dollar_figures_and_named(app, client):
    before = {url: client.get(url).get_data(as_text=True) for url in BUDGET_PAGES}
    files = {url: _rows(client, url) for url in BUDGET_FILES}
    _add_tenge_project(app)
    after = {url: client.get(url).get_data(as_text=True) for url in BUDGET_PAGES}
    for url in ("/dashboard", "/dashboard?mode=budget", "/"):
        assert _card(after[url], "total budget") == _card(before[url], "total budget"), url
        assert "KZT" not in _card(after[url], "total budget")
    for url, html in after.items():
        assert TENGE_NOTE in _text(html), url
        assert TENGE_NOTE not in _text(before[url]), url
    assert "add up to the portfolio total" not in after["/dashboard/sdg"]
    for url, rows in files.items():
        assert _rows(client, url) == rows, url
        assert "USD" in " ".join(rows[0]), url  # the file names its currency
    # The status table's budgets on the home page are dollars only, as before.
    status_budgets = r'<td class="num">([^<]*USD[^<]*)</td>'
    assert re.findall(status_budgets, after["/"]) == re.findall(status_budgets, before["/"])


def test_the_budget_currency_is_chosen_and_carried_by_every_link(app, client):
    _add_tenge_project(app)
    html = client.get("/dashboard?mode=budget&currency=KZT").get_data(as_text=True)
    assert _card(html, "total budget") == "KZT 500.0 million"
    assert "Left out:" in html and "in USD" in _text(html)
    assert '<option value="KZT" selected>' in html
    for href in re.findall(r'href="(/dashboard[^"]*\?[^"]*)"', html):
        assert "currency=KZT" in href, href
    goals = _rows(client, "/dashboard/goals.csv?mode=budget&currency=KZT")
    assert goals[0] == ["key", "label", "KZT"]
    assert sum(Decimal(row[2]) for row in goals[1:]) == Decimal("500000000")
    # The counts still count every project, whatever the budgets' currency.
    counted = client.get("/dashboard?currency=KZT").get_data(as_text=True)
    assert figure(counted, "projects") == "236"


def test_a_budget_bar_opens_the_projects_behind_its_amount(app, client):
    from html import unescape
    from urllib.parse import parse_qsl, urlsplit

    from werkzeug.datastructures import MultiDict

    from tracker.services.portfolio import allocation
    from tracker.services.register.search import RegisterFilters, filtered_select

    _add_tenge_project(app)
    for currency in ("KZT", "USD"):
        html = client.get(f"/dashboard?mode=budget&currency={currency}").get_data(as_text=True)
        section = re.search(r'aria-labelledby="chart-goals">(.*?)</section>', html, re.S).group(1)
        links = re.findall(r'<a class="bar-row" href="([^"]+)"', section)
        assert links
        with app.app_context():
            for href in links:
                args = MultiDict(parse_qsl(urlsplit(unescape(href)).query))
                assert args["currency"] == currency
                filters, problems = RegisterFilters.from_args(args)
                assert not problems
                ids = filtered_select(filters, Project.id)
                currencies = set(db.session.scalars(filtered_select(filters, Project.currency)))
                assert currencies == {currency}
                shown = {r.key: r for r in allocation.by_goal(db.session, ids)}
                assert shown[int(args["goal"])].projects == len(db.session.scalars(ids).all())


@pytest.mark.parametrize("query", ["currency=dollars", "currency=%3Cb%3E"])
def test_a_bad_currency_gives_a_message(client, query):
    html = client.get(f"/dashboard?mode=budget&{query}").get_data(as_text=True)
    assert "<b>" not in html
    assert re.search(r'class="field-error" role="alert">Currency', html)


# --- years --------------------------------------------------------------------------------------


def test_each_year_bar_opens_a_register_counting_as_the_bar(app, client):
    from html import unescape
    from urllib.parse import parse_qsl, urlsplit

    from werkzeug.datastructures import MultiDict

    from tracker.services.register.search import RegisterFilters, filtered_select

    html = client.get("/dashboard?active_from=2020&active_to=2023&place=KZ-75").get_data(
        as_text=True
    )
    table = re.search(r'id="chart-timeline">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    active = {
        int(year): int(count.replace(",", ""))
        for year, count in re.findall(
            r'<th scope="row">(\d+)</th>(?:<td class="num">[\d,]+</td>){2}<td class="num">([\d,]+)',
            table,
        )
    }
    assert sorted(active) == [2020, 2021, 2022, 2023]
    links = re.findall(r'<a href="([^"]+)">\s*<title>(\d{4}):', html)
    assert [int(year) for _, year in links] == sorted(active)
    with app.app_context():
        for href, year in links:
            args = MultiDict(parse_qsl(urlsplit(unescape(href)).query))
            filters, problems = RegisterFilters.from_args(args)
            assert not problems and filters.place == "KZ-75"
            count = db.session.scalar(filtered_select(filters, func.count(Project.id)))
            assert count == active[int(year)], href


# --- the illustrative-data notice -------------------------------------------------------------


@pytest.mark.parametrize("url", ["/dashboard/sdg", "/dashboard/sdg/13", "/dashboard/heatmap"])
def test_every_dashboard_of_illustrative_records_says_so(client, url):
    html = client.get(url).get_data(as_text=True)
    assert 'class="notice notice-illustrative"' in html
    assert "Illustrative data." in html


def test_projects_without_dates_leave_the_year_chart_empty(app, client, sign_in):
    # A pipeline project may have no date at all yet; the year chart has nothing to draw.
    with app.app_context():
        make_project(db.session, status=1, planned_start=None, planned_end=None,
                     actual_start=None)  # fmt: skip
        db.session.commit()
    html = client.get("/dashboard?status=1").get_data(as_text=True)
    assert figure(html, "project") == "1"
    assert "No year to show for these filters." in html
    assert client.get("/dashboard/timeline.csv?status=1").status_code == 200
    sign_in("viewer")
    assert client.get("/api/v1/dashboard?status=1").get_json()["timeline"] == []
