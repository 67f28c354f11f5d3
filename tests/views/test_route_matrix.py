"""Every route, for every role and method, with existing, missing and huge ids: never a 500.

The cases come from the app's URL map, so a new route is covered without touching this file.
One app and database per backend serves the whole matrix; the roles run one after another
(the admin last, whose POSTs change the most), and POSTs run after a role's GETs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from werkzeug.routing import Rule

from tests.conftest import _test_config, dispose_engines, password_of
from tests.forms import page_form
from tracker import create_app
from tracker.extensions import db
from tracker.models import ExchangeRate, Project, User
from tracker.services.accounts import api_tokens

ROLES = ("anonymous", "viewer", "analyst", "admin")
HUGE = (2**31, 2**63)
MISSING_ID = 999_999
# Query-string parameters that take a number somewhere (register, dashboards, changes, API).
NUMBER_ARGUMENTS = (
    "page",
    "per_page",
    "goal",
    "status",
    "days",
    "start_from",
    "active_to",
    "sector",
)
# Routes whose POST ends the signed-in session: run last, so the role's other cases stay
# signed in.
LAST = ("auth.sign_out",)


@dataclass
class World:
    app: Flask
    ids: dict[str, str]  # URL parameter -> a value that names something that exists


@pytest.fixture(scope="module")
def world(databases, seeded_template) -> World:
    url = databases.copy(seeded_template, "route-matrix")
    # Errors answer as they would in production, so a 500 shows as a 500, not an exception.
    app = create_app(_test_config(url, PROPAGATE_EXCEPTIONS=False))
    with app.app_context():
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        viewer = db.session.scalar(select(User).where(User.username == "viewer"))
        token, _ = api_tokens.issue_token(db.session, viewer, "matrix", issued_by=None)
        rate = ExchangeRate(currency="KZT", quote_currency="USD", month=date(2024, 1, 1),
                            rate=Decimal("0.0021"), source="matrix")  # fmt: skip
        db.session.add(rate)
        db.session.commit()
        ids = {
            "project_id": str(project.id), "number": "3", "user_id": str(viewer.id),
            "token_id": str(token.id), "code": "en", "key": project.code, "name": "timeline",
            "filename": "favicon.svg", "token": "no-such-upload", "rate_id": str(rate.id),
        }  # fmt: skip
    yield World(app, ids)
    dispose_engines(app)
    databases.drop(url)


def _client(app: Flask, role: str, ids: dict[str, str]):
    """A client signed in as ``role``, and the ids it may use (its own held upload)."""
    client = app.test_client()
    if role == "anonymous":
        client.get("/sign-in")  # a session with a CSRF secret, as a visitor's browser has
        return client, ids
    username, password = password_of(role)
    form = page_form(client.get("/sign-in"), "#sign-in-form")
    response = form.set("username", username).set("password", password).submit(client)
    assert response.status_code == 302, role
    if role in ("analyst", "admin"):  # an upload waiting for confirmation is the role's own
        with app.app_context():
            code = db.session.scalars(select(Project.code).order_by(Project.id)).first()
        form = page_form(client.get("/import"), "#upload-form")
        held = form.attach("file", f"code,title\n{code},Renamed\n".encode(), "projects.csv")
        ids = {**ids, "token": held.submit(client).location.rsplit("/", 1)[-1]}
    return client, ids


def _csrf_token(app: Flask, client) -> str:
    """A valid CSRF token for the client's session (as its next page would carry)."""
    with client.session_transaction() as stored:
        secret = stored.get("csrf_token")
    with app.test_request_context():
        if secret:
            session["csrf_token"] = secret
        token = generate_csrf()
        secret = session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = secret
    return token


def _urls(rule: Rule, ids: dict[str, str]) -> list[str]:
    """The rule's address with each parameter existing, missing, and huge."""
    names = sorted(rule.arguments)
    if not names:
        return [rule.rule]
    values = []
    for name in names:
        existing = ids.get(name, "1")
        missing = (
            str(MISSING_ID)
            if type(rule._converters[name]).__name__.endswith("IntegerConverter")
            else "no-such-thing"
        )
        values.append([existing, missing, *(str(number) for number in HUGE)])
    urls = []
    for combination in zip(*values, strict=True):  # the same kind of value in every place
        path = rule.rule
        for name, value in zip(names, combination, strict=True):
            path = path.replace(f"<{_converter_text(rule, name)}>", value)
        urls.append(path)
    return urls


def _converter_text(rule: Rule, name: str) -> str:
    """How the parameter is written in the rule: ``int:project_id``, ``code``, ..."""
    start = rule.rule.index(name + ">")
    return rule.rule[rule.rule.rindex("<", 0, start) + 1 : start + len(name)]


def _cases(app: Flask, ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """(method, url, endpoint): GETs first, then POSTs, the session-ending ones last."""
    cases = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            cases += [(method, url, rule.endpoint) for url in _urls(rule, ids)]
    return sorted(cases, key=lambda case: (case[0] != "GET", case[2] in LAST))


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_500(world, role):
    app = world.app
    client, ids = _client(app, role, world.ids)
    failures = []
    validated = 0
    for method, url, endpoint in _cases(app, ids):
        if method == "GET":
            responses = [("GET", client.get(url))]
            existing = not any(value in url for value in (*map(str, HUGE), str(MISSING_ID)))
            if existing and not any(part in url for part in (".csv", ".xml", "static", "language")):
                for name in NUMBER_ARGUMENTS:  # huge numbers in the query string too
                    probe = f"{url}?{name}={HUGE[1]}"
                    responses.append((f"GET ?{name}", client.get(probe)))
        else:
            plain = client.open(url, method=method)
            # Refused before anything is done; a huge id matches no route at all.
            refused = (400, 404, 405) if any(str(n) in url for n in HUGE) else (400,)
            if not _is_api(url) and plain.status_code not in refused:
                failures.append(f"{role} {method} {url} without CSRF token: {plain.status_code}")
            empty = client.open(url, method=method, data={"csrf_token": _csrf_token(app, client)})
            responses = [(method, plain), (f"{method} empty form", empty)]
            validated += empty.status_code != 400  # the token passed: the validators ran
        for what, response in responses:
            response.get_data()  # a streamed body fails while it is read
            response.close()
            if response.status_code >= 500:
                failures.append(f"{role} {what} {url} ({endpoint}): {response.status_code}")
    assert not failures, "\n".join(failures)
    assert validated > 10  # the CSRF token was right, so the forms were really exercised


def test_the_matrix_covers_every_route(world):
    endpoints = {case[2] for case in _cases(world.app, world.ids)}
    assert endpoints == {rule.endpoint for rule in world.app.url_map.iter_rules()}
    assert len(_cases(world.app, world.ids)) > 100
