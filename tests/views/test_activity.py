"""The recent-changes page and the home page's latest changes, through the test client."""

import csv
import io
import re
from datetime import date

import pytest

from tests.views.test_projects import first_project, post_status


def suspend(app, client, sign_in):
    sign_in("analyst")
    project = first_project(app)
    response = post_status(client, project, "6", date.today().isoformat(), "Co-financing delayed")
    assert response.status_code == 302
    return project


def test_a_seeded_portfolio_shows_an_empty_list_that_says_why(client):
    page = client.get("/changes").get_data(as_text=True)
    assert "<h1>Recent changes</h1>" in page and "No changes in this period" in page
    assert 'href="/changes?days=all"' in page  # the way to look further back
    home = client.get("/").get_data(as_text=True)
    assert "No project has been created or changed in the tracker yet" in home


def test_a_status_change_is_listed_with_names_reason_and_author(app, client, sign_in):
    project = suspend(app, client, sign_in)
    page = client.get("/changes").get_data(as_text=True)
    assert "Changes found: 1" in page
    assert f'href="/projects/{project.id}"' in page and project.code in page
    assert '<span class="before">Implementation</span> → <span class="after">Suspended</span>' in (
        page
    )
    assert "Co-financing delayed" in page and "Demo analyst" in page
    home = client.get("/").get_data(as_text=True)
    assert "Latest changes" in home and "Co-financing delayed" in home
    assert 'href="/changes"' in home


def test_the_filters_narrow_the_list_and_keep_in_the_address(app, client, sign_in):
    suspend(app, client, sign_in)
    page = client.get("/changes?days=7&who=Demo+administrator").get_data(as_text=True)
    assert "No changes in this period" in page
    assert re.search(r'<option value="7" selected>', page)
    assert re.search(r'<option value="Demo analyst">', page)  # offered, not chosen
    page = client.get("/changes?days=7&who=Demo+analyst").get_data(as_text=True)
    assert "Co-financing delayed" in page


def test_a_bad_period_is_explained_and_the_default_shown(client):
    response = client.get("/changes?days=12&page=x")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The period can only be one of the choices; showing the last 30 days." in page
    assert "There is no such page; showing the first one." in page


def test_the_list_is_in_the_main_menu_and_speaks_russian(app, client, sign_in):
    suspend(app, client, sign_in)
    client.set_cookie("lang", "ru")
    page = client.get("/changes").get_data(as_text=True)
    assert 'href="/changes" aria-current="page"' in page
    assert "Recent changes" not in page and "Changed by" not in page
    assert "Реализация" in page and "Приостановлен" in page


def test_the_changes_download_as_csv_one_row_per_field(app, client, sign_in):
    project = suspend(app, client, sign_in)
    page = client.get("/changes").get_data(as_text=True)
    assert 'href="/changes.csv?days=30"' in page
    response = client.get("/changes.csv?days=30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "changed_at",
        "changed_by",
        "project_code",
        "project_title",
        "change",
        "field",
        "before",
        "after",
        "status_effective_date",
        "status_reason",
    ]
    assert rows[1][1:] == [
        "Demo analyst",
        project.code,
        project.title,
        "changed",
        "status",
        "2",
        "6",
        date.today().isoformat(),
        "Co-financing delayed",
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rows[1][0])
    assert len(rows) == 2


def test_a_bad_period_for_the_download_is_a_400_in_words(client):
    response = client.get("/changes.csv?days=12")
    assert response.status_code == 400
    assert "The period should be 7, 30, 90 or 365 days, or all." in response.get_data(as_text=True)


def test_changes_to_illustrative_records_say_so(app, client, sign_in):
    suspend(app, client, sign_in)  # a seeded (illustrative) project, changed in the tracker
    page = client.get("/changes").get_data(as_text=True)
    assert 'class="notice notice-illustrative"' in page
    assert "The 1 project here is an illustrative record" in page


@pytest.mark.parametrize("query", ["who=%00", "who=a%00b", "page=%C2%B2", "days=%C2%B2"])
def test_odd_characters_in_the_filters_are_no_server_error(client, query):
    for path in ("/changes", "/changes.csv"):
        assert client.get(f"{path}?{query}").status_code in (200, 400), (path, query)


def test_a_page_past_the_last_is_explained(client, sign_in):
    sign_in("analyst")
    page = client.get("/changes?days=all&page=99").get_data(as_text=True)
    assert "There is no page 99: these changes fill one page; showing it." in page
