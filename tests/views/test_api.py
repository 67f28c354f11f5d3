"""The JSON API: who may read it, that it selects what the register selects, and that every
answer, errors included, is what its OpenAPI document says."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select

from tests.factories import make_project
from tests.views.conftest import PREFIX, user_named
from tracker.extensions import db
from tracker.models import Project
from tracker.services import dashboards
from tracker.services.accounts import api_tokens
from tracker.services.exchange import api_reads
from tracker.services.portfolio.projects import ProjectData, load_project, update_project
from tracker.services.register.search import RegisterFilters, search_projects
from tracker.views.api import openapi_document

DOCUMENT = openapi_document()
REGISTRY = Registry().with_resource(
    "urn:openapi", Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
)


def conforms(response, path: str, status: int | None = None) -> dict:
    """The response's body, checked against the document's schema for ``path`` and its status."""
    status = status or response.status_code
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    described = DOCUMENT["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in described:
        described = REGISTRY.resolver("urn:openapi").lookup(described["$ref"]).contents
    schema = described["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = {"$ref": "urn:openapi" + schema["$ref"]}
    body = response.get_json()
    Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker()).validate(body)
    return body


# --- the document ---------------------------------------------------------------------------


def test_the_document_is_valid_openapi_and_served_to_anyone(client):
    validate_openapi(DOCUMENT)
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200 and response.get_json() == DOCUMENT


def test_every_route_is_described_and_every_description_is_a_route(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            path = rule.rule.removeprefix(PREFIX)
            for converter in ("int:", "path:"):
                path = path.replace("<" + converter, "<")
            routes.add(path.replace("<", "{").replace(">", "}"))
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule
    assert routes == set(DOCUMENT["paths"])
    for path, methods in DOCUMENT["paths"].items():
        assert set(methods) == {"get"}, path


def test_the_document_says_what_the_api_checks():
    parameters = DOCUMENT["components"]["parameters"]
    assert parameters["page"]["schema"]["maximum"] == api_reads.MAX_PAGE
    for name in ("agency", "funder"):
        pattern = re.compile(parameters[name]["schema"]["pattern"])
        for value in ("UNDP", "UN Women", "M&E (KZ)", "", "a/b", "x" * 41, "<b>"):
            refused = (
                name in api_reads.parse_parameters({name: value}, api_reads.LIST_PARAMETERS)[1]
            )
            assert bool(pattern.match(value)) is not refused, (name, value)


# --- who may read ---------------------------------------------------------------------------

ENDPOINTS = ["/projects", "/projects/1", "/sdg/goals", "/sdg/goals/13", "/sdg/targets",
             "/dashboard"]  # fmt: skip
DOCUMENTED = ["/projects", "/projects/{key}", "/sdg/goals", "/sdg/goals/{number}",
              "/sdg/targets", "/dashboard"]  # fmt: skip


@pytest.mark.parametrize(("url", "path"), zip(ENDPOINTS, DOCUMENTED, strict=True))
def test_without_credentials_every_endpoint_answers_401(client, url, path):
    response = client.get(PREFIX + url)
    body = conforms(response, path, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in body["message"]


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "token"])
def test_a_malformed_authorization_header_is_401(client, header):
    response = client.get(f"{PREFIX}/sdg/goals", headers={"Authorization": header})
    body = conforms(response, "/sdg/goals", 401)
    assert "Bearer <token>" in body["message"]


def test_an_unknown_token_is_401(client):
    response = client.get(f"{PREFIX}/sdg/goals", headers={"Authorization": "Bearer sdg_nope"})
    body = conforms(response, "/sdg/goals", 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "not known" in body["message"]


def test_a_token_reads_without_starting_a_session(app, client, token_for):
    secret = token_for("viewer")
    response = client.get(f"{PREFIX}/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    conforms(response, "/sdg/goals", 200)
    assert "Set-Cookie" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert "Authorization" in response.headers["Vary"]
    # The token alone grants nothing on the next request, nor on the HTML pages.
    assert client.get(f"{PREFIX}/sdg/goals").status_code == 401
    with app.app_context():
        token = db.session.scalar(
            select(api_tokens.ApiToken).where(api_tokens.ApiToken.prefix == secret[:12])
        )
        assert token.last_used_at is not None


def test_a_revoked_token_is_401_invalid_token(app, client, token_for):
    secret = token_for("analyst")
    with app.app_context():
        token = db.session.scalar(
            select(api_tokens.ApiToken).where(
                api_tokens.ApiToken.token_hash == api_tokens.hash_secret(secret)
            )
        )
        api_tokens.revoke_token(db.session, token, revoked_by=None)
        db.session.commit()
    response = client.get(f"{PREFIX}/projects", headers={"Authorization": f"Bearer {secret}"})
    body = conforms(response, "/projects", 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "revoked" in body["message"]


def test_a_deactivated_users_token_is_401_invalid_token(app, client, token_for):
    secret = token_for("viewer")
    with app.app_context():
        user_named("viewer").is_active = False
        db.session.commit()
    response = client.get(f"{PREFIX}/dashboard", headers={"Authorization": f"Bearer {secret}"})
    body = conforms(response, "/dashboard", 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "deactivated" in body["message"]


def test_no_operation_answers_403_any_more():
    # Every refusal of a token is a 401 (RFC 6750's invalid_token); every role may read.
    for path, methods in DOCUMENT["paths"].items():
        assert "403" not in methods["get"]["responses"], path
    assert "Forbidden" not in DOCUMENT["components"]["responses"]


def test_a_signed_in_browser_reads_with_its_session(client, sign_in):
    sign_in("viewer")
    conforms(client.get(f"{PREFIX}/projects?per_page=25"), "/projects", 200)


def test_a_bad_token_is_refused_even_with_a_session(client, sign_in):
    sign_in("viewer")
    response = client.get(f"{PREFIX}/projects", headers={"Authorization": "Bearer sdg_nope"})
    conforms(response, "/projects", 401)


# --- projects -------------------------------------------------------------------------------


def register_codes(app, **filters) -> tuple[int, list[str]]:
    with app.app_context():
        found = search_projects(db.session, replace(RegisterFilters(), **filters))
        return found.total, [row.project.code for row in found.rows]


def test_the_list_is_the_registers_first_page(app, api):
    body = conforms(api("/projects"), "/projects")
    total, codes = register_codes(app)
    assert body["pagination"]["total"] == total == 235
    assert [item["code"] for item in body["items"]] == codes
    assert body["pagination"]["prev"] is None and body["pagination"]["per_page"] == 50
    assert all(item["is_illustrative"] for item in body["items"])  # the seed portfolio


QUERIES = [
    ("goal=13&status=2&sort=budget&dir=desc", {"goal": 13, "status": 2, "sort": "budget",
                                              "direction": "desc"}),
    ("agency=UNDP&start_from=2015&start_to=2022&sort=code", {"agency": "UNDP", "start_from": 2015,
                                                             "start_to": 2022, "sort": "code",
                                                             "direction": "asc"}),
    ("q=water&per_page=25", {"q": "water", "per_page": 25}),
    ("target=3.8&place=KZ&sort=title", {"target": "3.8", "place": "KZ", "sort": "title",
                                        "direction": "asc"}),
    ("sector=231&active_from=2020&active_to=2021", {"sector": "231", "active_from": 2020,
                                                    "active_to": 2021}),
]  # fmt: skip


@pytest.mark.parametrize(("query", "filters"), QUERIES)
def test_filters_select_and_order_as_the_register_does(app, api, query, filters):
    body = conforms(api(f"/projects?{query}"), "/projects")
    total, codes = register_codes(app, **filters)
    assert body["pagination"]["total"] == total
    assert [item["code"] for item in body["items"]] == codes
    assert body["sort"] == filters.get("sort", "start")


def test_pages_link_to_their_neighbours_until_the_last(app, api):
    total, _ = register_codes(app)
    seen, url = [], "/projects?per_page=100&sort=code"
    while url:
        body = conforms(api(url), "/projects")
        seen += [item["code"] for item in body["items"]]
        url = body["pagination"]["next"]
        if url:
            assert urlsplit(url).path == f"{PREFIX}/projects"
    assert len(seen) == len(set(seen)) == total
    assert body["pagination"]["page"] == body["pagination"]["pages"] == 3
    assert "page=2" in body["pagination"]["prev"]


def test_a_project_item_has_its_links_with_shares(api):
    body = conforms(api("/projects?per_page=100"), "/projects")
    item = next(i for i in body["items"] if i["targets"] and i["organisations"]["funding"])
    assert item["goals"] == sorted(item["goals"], key=lambda goal: goal["number"])
    assert {t["goal"] for t in item["targets"]} == {g["number"] for g in item["goals"]}
    assert item["budget"].count(".") == 1 and item["status"]["name"]
    assert urlsplit(item["html_url"]).path == f"/projects/{item['id']}"


BAD_QUERIES = [
    ("status=9", "status", "Status “9” should be a number from 1 to 6."),
    ("stauts=2", "stauts", "Unknown parameter “stauts”"),
    ("per_page=10", "per_page", "Rows per page “10” should be 25, 50 or 100."),
    ("sort=colour", "sort", "Sort column “colour” should be one of code"),
    ("target=99", "target", "SDG target “99” should be like 3.8 or 13.a."),
    ("start_from=2022&start_to=2015", "start_from", "start_from (2022) is after start_to (2015)."),
    ("q=" + "x" * 201, "q", "The search text is longer than 200 characters."),
    ("page=999", "page", "Page 999 does not exist; there are 5."),
    ("target=3.99", "target", "There is no SDG target “3.99”."),
    (
        "agency=undp",
        "agency",
        "There is no organisation with the acronym “undp”; did you mean UNDP?",
    ),
    ("funder=NOBODY", "funder", "There is no organisation with the acronym “NOBODY”."),
    ("status=2&status=3", "status", "status is given 2 times; give it once"),
    ("target=", "target", "target is empty; leave it out to not filter by it."),
    ("q=a%00", "q", "q contains a NUL character."),
    ("page=1000001", "page", "Page 1000001 does not exist; pages go up to 1000000."),
    ("q=" + "+" * 201, "q", "The search text is longer than 200 characters."),
]


@pytest.mark.parametrize(("query", "parameter", "message"), BAD_QUERIES)
def test_a_bad_parameter_is_400_with_what_is_wrong(api, query, parameter, message):
    body = conforms(api(f"/projects?{query}"), "/projects", 400)
    assert list(body["problems"]) == [parameter]
    assert body["problems"][parameter][0].startswith(message)
    assert "problems" in body["message"]


def test_one_project_by_code_or_id_with_its_history(app, api):
    with app.app_context():
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        project_id, code, history = project.id, project.code, len(project.history)
    by_code = conforms(api(f"/projects/{code}"), "/projects/{key}")
    by_id = conforms(api(f"/projects/{project_id}"), "/projects/{key}")
    assert by_code == by_id and by_code["code"] == code
    assert len(by_code["status_history"]) == history >= 1
    assert by_code["status_history"][0]["from"] is None
    assert by_code["is_illustrative"] is True


def test_the_change_log_shows_what_an_edit_changed(app, api):
    with app.app_context():
        project = load_project(db.session, db.session.scalar(select(Project.id).limit(1)))
        data = ProjectData(
            code=project.code, title=project.title + " (revised)",
            description=project.description, planned_start=project.planned_start,
            planned_end=project.planned_end, actual_start=project.actual_start,
            actual_end=project.actual_end, budget=project.budget, currency=project.currency,
            targets=[(link.target.code, link.share) for link in project.targets],
            sectors=[(link.sector_code, link.share) for link in project.sectors],
            places=[(link.place_code, link.share) for link in project.places],
            organisations=[(link.organisation_id, link.role) for link in project.organisations],
            document_ids=[document.id for document in project.documents],
        )  # fmt: skip
        update_project(db.session, project, data, user_named("analyst"),
                       expected_version=project.version)  # fmt: skip
        db.session.commit()
        code = project.code
    body = conforms(api(f"/projects/{code}"), "/projects/{key}")
    [entry] = body["change_log"]
    assert entry["changed_by"] == "Demo analyst"
    assert [change["field"] for change in entry["changes"]] == ["title"]
    assert entry["changes"][0]["after"].endswith("(revised)")


@pytest.mark.parametrize("key", ["NO-SUCH-CODE", "999999", "0"])
def test_an_unknown_project_is_404(api, key):
    body = conforms(api(f"/projects/{key}"), "/projects/{key}", 404)
    assert key in body["message"]


# --- SDG goals and targets ------------------------------------------------------------------


def test_goals_and_one_goal_with_its_targets(api):
    goals = conforms(api("/sdg/goals"), "/sdg/goals")["items"]
    assert [goal["number"] for goal in goals] == list(range(1, 18))
    assert sum(goal["target_count"] for goal in goals) == 169
    goal = conforms(api("/sdg/goals/13"), "/sdg/goals/{number}")
    assert [target["code"] for target in goal["targets"]] == ["13.1", "13.2", "13.3", "13.a",
                                                              "13.b"]  # fmt: skip
    assert goal["targets"][0]["indicators"] and goal["title"]["kk"]
    assert urlsplit(goal["targets"][0]["projects_url"]).query == "target=13.1"


@pytest.mark.parametrize("number", ["18", "0", "9223372036854775808"])
def test_an_unknown_goal_is_404(api, number):
    conforms(api(f"/sdg/goals/{number}"), "/sdg/goals/{number}", 404)


def test_targets_of_all_goals_or_one(api):
    assert len(conforms(api("/sdg/targets"), "/sdg/targets")["items"]) == 169
    items = conforms(api("/sdg/targets?goal=5"), "/sdg/targets")["items"]
    assert {item["goal"] for item in items} == {5} and items[0]["code"] == "5.1"
    body = conforms(api("/sdg/targets?goal=x&lang=en"), "/sdg/targets", 400)
    assert set(body["problems"]) == {"goal", "lang"}


# --- the dashboard --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "mode=budget", "status=2&goal=13", "agency=UNDP"])
def test_the_dashboard_gives_the_pages_figures(app, api, query):
    body = conforms(api(f"/dashboard?{query}"), "/dashboard")
    filters, _ = RegisterFilters.from_args(dict(p.split("=") for p in query.split("&") if p))
    mode = "budget" if "budget" in query else "projects"
    with app.app_context():
        figures = dashboards.overview(db.session, filters, mode)
    assert body["headline"]["projects"] == figures.headline.projects
    assert body["mode"] == mode
    for chart, expected in zip(body["charts"], figures.charts, strict=True):
        assert chart["name"] == expected.name
        values = [bar["value"] for bar in chart["bars"]]
        if mode == "projects":
            assert values == [bar.value for bar in expected.bars]
        else:
            assert values == [f"{bar.value:.2f}" for bar in expected.bars]


def test_a_dashboard_bar_lists_exactly_its_projects(api):
    body = conforms(api("/dashboard?status=2"), "/dashboard")
    goals = next(chart for chart in body["charts"] if chart["name"] == "goals")
    bar = next(bar for bar in goals["bars"] if bar["value"])
    listed = conforms(api(bar["projects_url"]), "/projects")
    assert listed["pagination"]["total"] == bar["value"]
    assert urlsplit(bar["register_url"]).path == "/projects"


def test_dashboard_amounts_stay_in_one_currency_and_name_the_rest(app, api):
    before = conforms(api("/dashboard?mode=budget"), "/dashboard")
    with app.app_context():
        make_project(db.session, currency="KZT", budget=Decimal("500000000"))
        db.session.commit()
    body = conforms(api("/dashboard?mode=budget"), "/dashboard")
    assert body["currency"] == "USD" and before["left_out"] == []
    assert body["left_out"] == [{"currency": "KZT", "projects": 1, "budget": "500000000.00"}]
    assert body["charts"] == before["charts"]
    budgets = [(s["code"], s["budget"]) for s in body["headline"]["by_status"]]
    assert budgets == [(s["code"], s["budget"]) for s in before["headline"]["by_status"]]
    assert body["headline"]["projects"] == before["headline"]["projects"] + 1
    tenge = conforms(api("/dashboard?mode=budget&currency=KZT"), "/dashboard")
    goals = next(chart for chart in tenge["charts"] if chart["name"] == "goals")
    assert (goals["unit"], goals["total"]) == ("KZT", "500000000.00")
    bar = next(bar for bar in goals["bars"] if bar["value"] != "0.00")
    listed = conforms(api(bar["projects_url"]), "/projects")
    assert [item["currency"] for item in listed["items"]] == ["KZT"]


def test_a_bad_dashboard_parameter_is_400(api):
    body = conforms(api("/dashboard?mode=money&page=2&currency=dollars"), "/dashboard", 400)
    assert set(body["problems"]) == {"mode", "page", "currency"}
    body = conforms(api("/dashboard?agency=NOBODY&goal=1&goal=2"), "/dashboard", 400)
    assert set(body["problems"]) == {"goal"}  # the parameters first, then what they name
    body = conforms(api("/dashboard?agency=NOBODY"), "/dashboard", 400)
    assert set(body["problems"]) == {"agency"}


# --- errors anywhere under /api/ -----------------------------------------------------------


def test_unknown_addresses_and_other_methods_answer_in_json(client, api):
    response = api("/nothing-here")
    assert response.status_code == 404 and response.get_json()["status"] == 404
    response = client.post(f"{PREFIX}/projects")
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.get_json()["message"] == "The API only reads: use GET."
    assert "<html" in client.get("/nothing-here").get_data(as_text=True).lower()
