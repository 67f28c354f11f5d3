"""The home page shows the portfolio's headline figures from the database."""

import re

from sqlalchemy import update

from tracker.extensions import db
from tracker.models import Project


def test_home_shows_the_seeded_portfolio(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    figures = dict(
        (label.strip(), value)
        for value, label in re.findall(
            r'<p class="figure-value">([^<]+)</p>\s*<p class="figure-label">([^<]+)</p>', html
        )
    )
    assert figures["projects in the portfolio"] == "235"
    assert figures["active (in implementation)"] == "35"
    assert figures["completed (closed)"] == "200"
    assert re.search(r"SDG targets covered", html)
    assert "Illustrative data." in html
    assert "All 235 projects" in html


def test_home_figures_follow_the_database(app, client):
    with app.app_context():
        db.session.execute(update(Project).where(Project.status == 2).values(source="manual"))
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "200 of 235 projects" in html


def test_home_without_projects_explains_how_to_load_them(make_app):
    client = make_app("reference").test_client()
    html = client.get("/").get_data(as_text=True)
    assert "No projects yet" in html
    assert "flask --app tracker seed" in html
    assert "Illustrative data." not in html


def test_pages_carry_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_goal_colours_come_from_the_database_with_readable_text(client):
    css = client.get("/goal-colours.css").get_data(as_text=True)
    assert ".goal-1{background:#E5243B;color:#ffffff;fill:#E5243B}" in css
    assert ".goal-7{background:#FCC30B;color:#000000;fill:#FCC30B}" in css  # yellow: dark text
    assert css.count(".goal-border-") == 17


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_health_check(client):
    assert client.get("/healthz").get_data(as_text=True) == "ok"
