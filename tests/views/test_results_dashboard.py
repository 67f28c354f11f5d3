"""The results dashboard through the test client: counts that equal their drill-downs,
filters, the lists and their CSV files, and a recorded actual showing at once."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import lxml.html
import pytest
import time_machine
from sqlalchemy import select, update

from tests.forms import page_form
from tracker.extensions import db
from tracker.models import IndicatorPeriod, ResultIndicator
from tracker.services.results.progress import OFF_TRACK, indicator_progress

TODAY = date(2026, 3, 1)  # "last year" is 2025


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _tree(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def _listed(client, href: str) -> tuple[int, int]:
    """(the total the list says, its rows on this page)."""
    tree = _tree(client.get(href))
    said = re.search(
        r"([\d,\s]+) indicators?",
        tree.xpath("//*[contains(@class, 'results-count')]")[0].text_content(),
    )
    total = int(re.sub(r"\D", "", said.group(1)))
    return total, len(tree.xpath("//table[contains(@class, 'results-list')]/tbody/tr"))


def _table_counts(tree) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (link.get("data-goal"), link.get("data-status")): (
            int(link.text_content()),
            link.get("href"),
        )
        for link in tree.xpath("//table[contains(@class, 'results-table')]//a[@data-goal]")
    }


def test_every_number_opens_exactly_its_indicators(client, frozen):
    tree = _tree(client.get("/dashboard/results"))
    counts = _table_counts(tree)
    assert {status for _goal, status in counts} == {"achieved", "on_track", "limited",
                                                    "moving_away", "no_data"}  # fmt: skip
    for (_goal, _status), (number, href) in counts.items():
        total, rows = _listed(client, href)
        assert total == number and rows == min(number, 50), href
    # The stacked bars show the same numbers, with the same links.
    segments = {
        (a.get("href"), int(a.text_content()))
        for a in tree.xpath("//a[contains(@class, 'results-segment')]")
    }
    assert segments == {(href, number) for number, href in counts.values()}


def test_the_cards_open_the_two_lists(client, session, frozen):
    tree = _tree(client.get("/dashboard/results"))
    cards = tree.xpath("//section[contains(@class, 'figures')]/a")
    value = ".//*[contains(@class, 'figure-value')]"
    off_track, missing = (int(re.sub(r"\D", "", c.xpath(value)[0].text_content())) for c in cards)
    assert "2025" in cards[1].text_content()
    statuses = [indicator_progress(i) for i in session.scalars(select(ResultIndicator))]
    assert off_track == sum(1 for p in statuses if p and p.status in OFF_TRACK) > 0
    assert _listed(client, cards[0].get("href"))[0] == off_track
    assert _listed(client, cards[1].get("href"))[0] == missing > 0


def test_a_list_links_each_indicator_and_downloads_as_csv(client, frozen):
    page = client.get("/dashboard/results/indicators?progress=off_track&order=status")
    tree = _tree(page)
    first = tree.xpath("//table[contains(@class, 'results-list')]/tbody/tr")[0]
    assert re.fullmatch(r"/indicators/\d+", first.xpath(".//td//a")[1].get("href"))
    assert "illustrative" in first.text_content()
    download = tree.xpath("//a[text()='Download CSV']")[0].get("href")
    response = client.get(download)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == _listed(client, page.request.full_path)[0]
    assert {row["status"] for row in rows} == set(OFF_TRACK)


def test_filters_apply_to_the_counts_and_the_drill_downs(client, frozen):
    everything = _table_counts(_tree(client.get("/dashboard/results")))
    form = page_form(client.get("/dashboard/results"), ".filters")
    form.set("status", "2")
    filtered_page = form.submit(client)
    filtered = _table_counts(_tree(filtered_page))
    assert sum(n for n, _ in filtered.values()) < sum(n for n, _ in everything.values())
    for number, href in filtered.values():
        assert "status=2" in href
        assert _listed(client, unescape(href))[0] == number


def test_an_actual_written_to_the_database_shows_on_the_next_request(client, app, frozen):
    href_of = _table_counts(_tree(client.get("/dashboard/results")))
    before = sum(n for (_g, s), (n, _h) in href_of.items() if s == "achieved")
    with app.app_context():
        # An on-track or lagging indicator reaches its target, straight in the table.
        indicator = next(
            i
            for i in db.session.scalars(select(ResultIndicator).order_by(ResultIndicator.id))
            if (p := indicator_progress(i)) and p.status in ("on_track", "limited")
        )
        progress = indicator_progress(indicator)
        latest = max((p for p in indicator.periods if p.actual_value is not None),
                     key=lambda p: p.period_end)  # fmt: skip
        reached = progress.target.value + (1000 if indicator.ascending else -1000)
        db.session.execute(
            update(IndicatorPeriod)
            .where(IndicatorPeriod.id == latest.id)
            .values(actual_value=reached)
        )
        db.session.commit()
    after = _table_counts(_tree(client.get("/dashboard/results")))
    assert sum(n for (_g, s), (n, _h) in after.items() if s == "achieved") > before


def test_bad_list_arguments_give_a_message(client):
    response = client.get("/dashboard/results/indicators?sdg=99&progress=nonsense")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "should be 1 to 17" in html and "Unknown progress status" in html


def test_the_overview_links_the_results_dashboard(client):
    tree = _tree(client.get("/dashboard"))
    assert tree.xpath("//a[starts-with(@href, '/dashboard/results')]")
