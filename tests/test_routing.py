"""An id in an address beyond what the database stores names nothing: 404, not a 500."""

import pytest
from werkzeug.routing.converters import NumberConverter

from tracker import create_app
from tracker.routing import LARGEST_ID

PAGES = (
    "/projects/{}", "/projects/{}/edit", "/projects/{}/status", "/dashboard/sdg/{}",
    "/admin/users/{}", "/admin/users/{}/tokens", "/admin/tokens/{}/revoke",
    "/api/v1/sdg/goals/{}",
)  # fmt: skip


@pytest.fixture
def app(make_app):
    return make_app(PROPAGATE_EXCEPTIONS=False)  # a 500 shows as one, as in production


@pytest.mark.parametrize("number", [LARGEST_ID + 1, 2**63, 10**30])
def test_huge_ids_in_addresses_are_not_found(client, sign_in, number):
    sign_in("admin")
    for page in PAGES:
        url = page.format(number)
        assert client.get(url).status_code == 404, url


def test_the_largest_id_still_reaches_the_page(client, sign_in):
    sign_in("admin")
    assert client.get(f"/projects/{LARGEST_ID}").status_code == 404  # looked up, not there
    assert (
        client.get(f"/api/v1/sdg/goals/{LARGEST_ID}")
        .get_json()["message"]
        .startswith("There is no SDG goal")
    )


@pytest.mark.parametrize("argument", ["goal", "status", "page", "per_page", "start_from"])
def test_huge_numbers_in_the_query_string_are_refused(client, sign_in, argument):
    sign_in("admin")
    huge = 2**63
    assert client.get(f"/projects?{argument}={huge}").status_code < 500
    assert client.get(f"/dashboard?{argument}={huge}").status_code < 500
    assert client.get(f"/api/v1/projects?{argument}={huge}").status_code == 400


def test_every_number_in_an_address_is_bounded():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})  # no database needed
    numbers = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, NumberConverter)
    ]
    assert numbers, "no route takes a number any more?"
    assert all(converter.max == LARGEST_ID for converter in numbers)
