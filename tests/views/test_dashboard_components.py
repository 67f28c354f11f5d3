"""Dashboards with components: every number opens a register that shows the same number."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from tests.factories import make_project
from tracker.extensions import db
from tracker.models import Project


@pytest.fixture
def with_components(app) -> None:
    """Three programmes on SDG 13 and 7 with outputs of their own, on other goals."""
    with app.app_context():
        for number in range(3):
            programme = make_project(db.session, code=f"KZ-CMP-{number}", targets=("13.2",),
                                     budget=Decimal("100000"))  # fmt: skip
            for output in range(number + 1):
                make_project(db.session, code=f"KZ-CMP-{number}-{output}", targets=("7.2", "4.1"),
                             budget=Decimal("25000"), parent_id=programme.id)  # fmt: skip
        db.session.commit()


def _register_count(client, href: str) -> int:
    html = client.get(unescape(href)).get_data(as_text=True)
    found = re.search(r'id="result-count"><strong>([\d,]+)</strong>', html)
    if found is None:
        assert "No projects match these filters" in html, href
        return 0
    return int(found.group(1).replace(",", ""))


@pytest.mark.parametrize("query", ["", "mode=budget", "status=2"])
def test_every_bar_with_components_opens_a_register_of_its_count(
    app, client, with_components, query
):
    html = client.get(f"/dashboard?{query}").get_data(as_text=True)
    link = r'<a class="bar-row" href="([^"]+)" title="[^"]*">.*?<span class="bar-value">([^<]+)<'
    bars = re.findall(link, html, re.S)
    assert len(bars) > 10
    projects = int(re.search(r'figure-value">([\d,]+)</p>\s*<p class="figure-label">projects',
                             html).group(1).replace(",", ""))  # fmt: skip
    assert projects == _register_count(client, f"/projects?{query.replace('mode=budget', '')}")
    with app.app_context():  # the projects, not their six components
        top_level = select(func.count(Project.id)).where(Project.parent_id.is_(None))
        if query == "status=2":
            top_level = top_level.where(Project.status == 2)
        assert projects == db.session.scalar(top_level)
    if "budget" in query:
        return  # amounts: their registers are checked in the service tests
    for href, shown in bars:
        assert _register_count(client, href) == int(shown.replace(",", "")), href
