"""CSV export from the register: a streamed download with the register's filters."""

import csv
import io
import re
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from tracker.extensions import db
from tracker.formats.csv_projects import LONG_COLUMNS, WIDE_COLUMNS
from tracker.models import Project
from tracker.services.register.search import RegisterFilters, ordered_select


def rows_of(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def download(client, url: str):
    """The response and its whole body, read and closed as a browser does: closing ends the
    request, so its database connection goes back before the test's database is dropped."""
    with client.get(url) as response:
        return response, response.get_data()


def codes_of(app, **filters) -> list[str]:
    with app.app_context():
        return db.session.scalars(ordered_select(RegisterFilters(**filters), Project.code)).all()


@time_machine.travel("2026-12-04 23:59:59")  # the day in the file's name is the request's
def test_wide_export_of_a_filtered_register(app, client):
    with client.get("/projects/export.csv?goal=3&status=2&sort=budget&page=2") as response:
        assert response.is_streamed
        data = response.get_data()
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sdg-projects-goal-3-implementation-2026-12-04.csv"'
    )
    assert data.startswith(b"\xef\xbb\xbfcode,title,description,status,status_name,")
    rows = rows_of(data)
    expected = codes_of(app, goal=3, status=2, sort="budget", direction="desc")
    assert len(expected) > 1 and [row["code"] for row in rows] == expected  # all pages
    assert list(rows[0]) == [name for name, _ in WIDE_COLUMNS]
    assert all("3" in row["sdg_goals"].split("; ") and row["status"] == "2" for row in rows)


def test_long_export_with_semicolons_and_no_bom(app, client):
    response, data = download(
        client, "/projects/export.csv?shape=long&bom=0&delimiter=semicolon&place=KZ-75"
    )
    assert response.status_code == 200
    assert "sdg-projects-long-kz-75-" in response.headers["Content-Disposition"]
    assert data.startswith(b"code;title;status;goal;target;")
    rows = rows_of(data, ";")
    assert list(rows[0]) == [name for name, _ in LONG_COLUMNS]
    with app.app_context():
        budgets = dict(
            db.session.execute(
                select(Project.code, Project.budget).where(
                    Project.code.in_(codes_of(app, place="KZ-75"))
                )
            ).all()
        )
    allocated: dict[str, Decimal] = {}
    for row in rows:
        allocated[row["code"]] = allocated.get(row["code"], Decimal(0)) + Decimal(
            row["budget_allocated"]
        )
    assert budgets and allocated == budgets


def test_an_empty_result_is_the_header_alone(client):
    response, data = download(client, "/projects/export.csv?q=no-such-project-anywhere&bom=0")
    assert response.status_code == 200
    assert data.count(b"\r\n") == 1


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("shape=tall", "shape should be wide | long"),
        ("bom=yes", "bom should be 1 | 0"),
        ("delimiter=tab", "delimiter should be comma | semicolon"),
        ("goal=99", "SDG goal “99” should be a number from 1 to 17"),
        ("sort=nonsense", "Sort column “nonsense”"),
    ],
)
def test_bad_parameters_are_a_plain_400(client, query, reason):
    response, _ = download(client, f"/projects/export.csv?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert reason in response.get_data(as_text=True)


def test_the_register_links_to_the_export_with_its_filters(client):
    html = client.get("/projects?goal=13&sort=budget&page=2").get_data(as_text=True)
    links = re.findall(r'href="(/projects/export\.csv\?[^"]+)"', html)
    assert len(links) == 6
    for link in links:
        assert "goal=13" in link and "sort=budget" in link and "page=" not in link
    assert sum("shape=long" in link for link in links) == 3
    assert sum("delimiter=semicolon" in link for link in links) == 2
    # The CSP allows neither inline styles nor inline scripts (scripts from files only).
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_plain_utf8_is_offered_as_links_not_as_an_address_to_edit(client):
    html = client.get("/projects?goal=13").get_data(as_text=True)
    assert "bom=0</code>" not in html and "to the address" not in html
    plain = re.findall(r'<a href="(/projects/export\.csv\?[^"]*bom=0[^"]*)" download>', html)
    assert len(plain) == 2 and sum("shape=long" in link for link in plain) == 1
    for link in plain:
        response, data = download(client, link.replace("&amp;", "&"))
        assert response.status_code == 200 and data.startswith(b"code,")  # no byte-order mark


def test_no_download_links_when_nothing_matches(client):
    html = client.get("/projects?q=no-such-project-anywhere").get_data(as_text=True)
    assert "/projects/export.csv" not in html


@time_machine.travel("2026-12-04 09:00")
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/projects/export.csv?goal=13&status=2",
         "sdg-projects-goal-13-implementation-2026-12-04.csv"),
        ("/projects/export.csv?shape=long&agency=UNDP&sort=code",
         "sdg-projects-long-agency-undp-2026-12-04.csv"),
        ("/projects/export.xml?goal=13&status=2",
         "sdg-projects-iati-goal-13-implementation-2026-12-04.xml"),
        ("/projects/export.xml", "sdg-projects-iati-2026-12-04.xml"),
        ("/changes.csv?days=7&who=Demo+analyst",
         "sdg-changes-last-7-days-by-demo-analyst-2026-12-04.csv"),
        ("/changes.csv", "sdg-changes-last-30-days-2026-12-04.csv"),
    ],
)  # fmt: skip
def test_downloads_are_named_after_what_they_hold(client, url, name):
    response, _ = download(client, url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
