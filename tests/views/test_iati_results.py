"""An IATI file with results through the import page: the preview says how many results,
indicators, periods and policy markers each activity brings, and a bad value is told where
it is; confirming stores them."""

import pytest
from sqlalchemy import func, select

from tests.iati_results_files import indicator, period, result, results_activity, results_file
from tests.views.test_exchange import confirm, upload
from tracker.extensions import db
from tracker.models.results import ProjectPolicyMarker, ProjectResult


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(IMPORT_FOLDER=str(tmp_path / "imports"))


def stored(app) -> tuple[int, int]:
    with app.app_context():
        count = select(func.count())
        return (db.session.scalar(count.select_from(ProjectResult)),
                db.session.scalar(count.select_from(ProjectPolicyMarker)))  # fmt: skip


def test_the_preview_counts_the_results_and_the_import_stores_them(app, client, sign_in):
    sign_in("analyst")
    before = stored(app)
    response = upload(client, results_file(), "results.xml")
    preview = client.get(response.location)
    page = preview.get_data(as_text=True)
    assert 'id="published-results"' in page
    row = page[page.index('class="data published-results"') :].split("<tr>")[2]
    cells = [cell.split("<")[0] for cell in row.split(">")[1::2] if cell.split("<")[0]]
    assert cells[:5] == ["XM-TEST-RES", "2", "3", "4", "3"], cells
    assert stored(app) == before  # the preview wrote nothing
    assert confirm(client, preview).status_code == 302
    assert stored(app) == (before[0] + 2, before[1] + 3)


def test_a_bad_value_is_told_where_it_is_and_skips_its_activity(app, client, sign_in):
    sign_in("analyst")
    before = stored(app)
    bad = indicator("Trained", 1, period("2024-01-01", "2024-12-31", ('<actual value="abc"/>')))
    response = upload(client, results_file(results_activity(results=result("R", 1, bad))), "b.xml")
    page = client.get(response.location).get_data(as_text=True)
    assert "XM-TEST-RES" in page
    assert "Result 1, indicator 1, period 2024, actual: “abc” is not a number" in page
    assert 'id="published-results"' not in page
    assert stored(app) == before
