"""The dashboards through the test client: pages, filters in the URL, CSV, caching."""

import csv
import io
import re

import pytest
from sqlalchemy import func, update

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

    from tracker.services.register import RegisterFilters, filtered_select

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
