"""The page of one indicator through the test client."""

from html import unescape

from tests.factories import add_indicator, make_project
from tracker.extensions import db


def test_the_page_shows_the_baseline_periods_and_status(app, client) -> None:
    with app.app_context():
        project = make_project(db.session, planned_start=None)
        indicator = add_indicator(
            db.session, project, periods=((2024, "30", "20"), (2025, "50", "48"))
        )
        db.session.commit()
        url, code = f"/indicators/{indicator.id}", project.code

    page = unescape(client.get(url).get_data(as_text=True))

    assert "People reached" in page and code in page
    assert ">On track</span>" in page  # 38 of the 40 to go, at the target date: within 95%
    assert "2025-12-31" in page or "31" in page


def test_an_unknown_indicator_is_not_found(client) -> None:
    assert client.get("/indicators/999999").status_code == 404


def test_an_untranslated_title_reads_plainly_in_the_window_title(app, client) -> None:
    with app.app_context():
        indicator = add_indicator(db.session, make_project(db.session))
        db.session.commit()
        url = f"/indicators/{indicator.id}"
    client.set_cookie("lang", "kk")
    page = client.get(url).get_data(as_text=True)
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("People reached ·") and "span" not in title
