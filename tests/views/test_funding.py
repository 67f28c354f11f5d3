"""The funding dashboard through the test client: figures, drill-downs, CSV, empty state."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from sqlalchemy import delete, select

from tests.factories import add_figures, add_rate
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import AnnualFigure, Organisation, Project

FROZEN = date(2025, 6, 15)


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def no_figures(app):
    """The seeded portfolio without its illustrative annual figures."""
    with app.app_context():
        db.session.execute(delete(AnnualFigure))
        db.session.commit()
    return app


@pytest.fixture
def with_figures(no_figures):
    """Figures on the seeded portfolio's first five projects, in dollars and tenge."""
    app = no_figures
    with app.app_context():
        session = db.session
        projects = session.scalars(select(Project).order_by(Project.id).limit(5)).all()
        gef = session.scalar(select(Organisation).where(Organisation.acronym == "GEF"))
        for number, project in enumerate(projects):
            add_figures(session, project, 2024, required="1000", available="500", spent="100")
            add_figures(session, project, 2025, funder=gef if number % 2 else None,
                        required=str(2000 + number), available="1000", spent="250")  # fmt: skip
        add_figures(session, projects[0], 2025, "KZT", required="500000")
        add_figures(session, projects[1], 2023, "KZT", required="900")  # no rate for 2023
        add_rate(session, "KZT", 2025, "0.002", source="National Bank of Kazakhstan")
        session.commit()
    return app


def registered(client, url: str) -> int:
    """The number of projects the register says it lists at ``url``."""
    html = client.get(unescape(url)).get_data(as_text=True)
    match = re.search(r'id="result-count"><strong>([\d,]+)</strong>', html)
    assert match, url
    return int(match.group(1).replace(",", ""))


def test_without_annual_figures_the_page_explains_itself(no_figures, client):
    html = client.get("/dashboard/funding").get_data(as_text=True)
    assert "No annual figures yet" in html
    assert "This page shows, for each fiscal year" in html
    assert 'href="/dashboard/funding"' in html  # in the main menu


def test_the_year_figures_and_their_conversion(with_figures, client, frozen):
    html = client.get("/dashboard/funding").get_data(as_text=True)
    assert "Fiscal year 2025" in html and "(this year)" in html
    # 5 × 2000 + 0+1+2+3+4 dollars, and 500,000 tenge at 0.002 (1,000 dollars).
    assert "USD 11,010" in html
    assert "source: National Bank of Kazakhstan" in html
    assert "1 project's figures in KZT for 2023 are left out: no exchange rate." in html
    assert "Funding rate = available ÷ required" in html  # the formula on hover
    assert "USD 5,000" in html and "45.4%" in html  # available; 5000 ÷ 11010 (funding rate)


@pytest.mark.parametrize("query", ["", "status=4&agency=UNDP", "year=2024"])
def test_the_seeded_figures_open_registers_counting_them(client, frozen, query):
    """The illustrative portfolio's own annual figures: every number's link lists it."""
    html = client.get(f"/dashboard/funding?{query}").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">[^<]*</a></th>\s*'
                      r'<td class="num"><a href="[^"]+">([\d,]+)</a>', html)  # fmt: skip
    assert len(rows) >= 8
    for url, shown in rows:
        assert registered(client, url) == int(shown.replace(",", "")), url


def test_every_number_opens_a_register_counting_it(with_figures, client, frozen):
    html = client.get("/dashboard/funding").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">[^<]*</a></th>\s*'
                      r'<td class="num"><a href="[^"]+">([\d,]+)</a>', html)  # fmt: skip
    assert len(rows) >= 8  # years, goals, agencies, regions, funders, documents
    for url, shown in rows:
        assert registered(client, url) == int(shown.replace(",", "")), url
    assert any("funded_by=" in url for url, _ in rows)


def test_filters_apply_and_stay_in_the_links(with_figures, client, frozen):
    html = client.get("/dashboard/funding?status=4").get_data(as_text=True)
    assert 'value="4" selected' in html
    assert "status=4" in unescape(re.search(r'href="(/projects\?[^"]+)"', html).group(1))


def test_an_earlier_year_shows_its_breakdowns(with_figures, client, frozen):
    html = client.get("/dashboard/funding?year=2024").get_data(as_text=True)
    assert "Fiscal year 2024" in html and "(this year)" not in html
    bad = client.get("/dashboard/funding?year=abc").get_data(as_text=True)
    assert "Fiscal year “abc” should be a year like 2025; ignored." in bad


def test_applying_filters_keeps_the_chosen_year(with_figures, client, frozen):
    form = page_form(client.get("/dashboard/funding?year=2024"), ".filters")
    form.set("status", "4")
    html = form.submit(client).get_data(as_text=True)
    assert "Fiscal year 2024" in html and 'value="4" selected' in html


def test_each_table_downloads_as_csv(with_figures, client, frozen):
    for name in ("years", "goals", "agencies", "places", "funders", "documents"):
        response = client.get(f"/dashboard/funding/{name}.csv")
        assert response.status_code == 200, name
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        assert rows[0][:3] == ["key", "label", "projects"]
        assert "USD" in rows[0][3]
    years = list(
        csv.reader(
            io.StringIO(
                client.get("/dashboard/funding/years.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    by_year = {row[0]: row for row in years[1:]}
    assert Decimal(by_year["2025"][3]) == Decimal("11010.00")
    assert by_year["2023"][3] == "0.00" and by_year["2023"][7] == ""  # n/a: nothing required
    assert client.get("/dashboard/funding/nothing.csv").status_code == 404


def test_the_home_page_shows_this_years_delivery(with_figures, client, frozen):
    html = client.get("/").get_data(as_text=True)
    assert "delivery this year" in html
    assert "25%" in html  # 1,250 spent of 5,000 available
    assert 'href="/dashboard/funding"' in html


def test_the_register_totals_its_projects_budgets(with_figures, client, frozen):
    with with_figures.app_context():
        second = db.session.scalars(select(Project.code).order_by(Project.id)).all()[1]
    html = unescape(client.get(f"/projects?q={second}").get_data(as_text=True))
    # Its required figures: 1,000 (2024) + 2,001 (2025) dollars; 900 tenge of 2023 have no rate.
    assert "Total budget of this project: USD 3,001." in html
    assert "Left out: 1 project's money with no exchange rate (KZT 2023)." in html
    many = unescape(client.get("/projects?status=4").get_data(as_text=True))
    assert re.search(r"Total budget of these [\d,]+ projects: USD [\d.,]+ million", many)


def test_the_api_gives_the_pages_figures_rates_and_left_out(with_figures, api, client, frozen):
    body = api("/funding").get_json()
    assert body["currency"] == "USD" and body["year"] == 2025 and body["current_year"] == 2025
    years = {row["key"]: row for row in body["years"]}
    assert years["2025"]["required"] == "11010.00" and years["2025"]["available"] == "5000.00"
    assert years["2025"]["funding_rate"] == "0.4541" and years["2025"]["delivery_rate"] == "0.2500"
    assert years["2023"]["funding_rate"] is None  # nothing required: n/a
    assert body["left_out"] == [{"currency": "KZT", "year": 2023, "projects": 1}]
    assert body["conversion"]["rates"] == [{"currency": "KZT", "year": 2025,
                                            "rate": "0.0020000000"}]  # fmt: skip
    assert body["conversion"]["sources"] == ["National Bank of Kazakhstan"]
    funders = next(b for b in body["breakdowns"] if b["name"] == "funders")
    assert funders["available_only"] and all(r["required"] is None for r in funders["rows"])
    for row in body["years"] + [r for b in body["breakdowns"] for r in b["rows"]]:
        if row["projects_url"]:
            listed = api(row["projects_url"]).get_json()["pagination"]["total"]
            assert listed == row["projects"], row["projects_url"]
            assert registered(client, row["register_url"].split("localhost", 1)[1]) == listed
    assert api("/funding?year=1800").status_code == 400
    assert api("/funding?funded_by=999999").get_json()["problems"]["funded_by"]
    assert api("/funding?year=2024").get_json()["year"] == 2024


def test_cached_figures_follow_new_annual_figures_and_rates(with_figures, client, frozen):
    assert "USD 11,010" in client.get("/dashboard/funding").get_data(as_text=True)
    with with_figures.app_context():
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        add_figures(db.session, project, 2025, "EUR", required="100")
        db.session.commit()
    html = client.get("/dashboard/funding").get_data(as_text=True)
    assert "1 project's figures in EUR for 2025 are left out: no exchange rate." in html
    with with_figures.app_context():
        add_rate(db.session, "EUR", 2025, "1.5")
        db.session.commit()
    assert "USD 11,160" in client.get("/dashboard/funding").get_data(as_text=True)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_page_and_its_downloads_work_in_every_language(with_figures, client, frozen,
                                                           language):  # fmt: skip
    client.set_cookie("lang", language)
    response = client.get("/dashboard/funding")
    assert response.status_code == 200 and f'<html lang="{language}">' in response.text
    assert client.get("/dashboard/funding/goals.csv").status_code == 200
    assert client.get("/").status_code == 200 and client.get("/projects").status_code == 200


def test_fiscal_years_starting_in_july_are_written_with_both_years(make_app, frozen):
    app = make_app(FISCAL_YEAR_START_MONTH=7)
    client = app.test_client()
    html = client.get("/dashboard/funding").get_data(as_text=True)
    # 15 June 2025 falls in the fiscal year that started in July 2024.
    assert "Fiscal year 2024/25" in html
    with app.app_context():
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        years = sorted({figure.year for figure in project.annual_figures})
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'<th scope="row">{years[0]}/{(years[0] + 1) % 100:02d}</th>' in page
