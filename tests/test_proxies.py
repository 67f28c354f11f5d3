"""Forwarded headers count only when TRUSTED_PROXIES says how many proxies set them."""

from __future__ import annotations

import pytest
from flask import request

from tests.test_rate_limits import try_sign_in

PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # the proxy's own address, the same for every client


def from_client(address: str) -> dict:
    # Over https a browser sends the Referer that the CSRF check then requires.
    return {**PROXY, "HTTP_X_FORWARDED_FOR": address, "HTTP_X_FORWARDED_PROTO": "https",
            "HTTP_REFERER": "https://localhost/sign-in"}  # fmt: skip


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGN_IN="1/minute", TRUSTED_PROXIES=1)
    client = app.test_client()
    assert try_sign_in(client, environ=from_client("203.0.113.1")).status_code == 401
    assert try_sign_in(client, environ=from_client("203.0.113.2")).status_code == 401
    assert try_sign_in(client, environ=from_client("203.0.113.1")).status_code == 429


@pytest.mark.parametrize("trusted", [None, 0])
def test_without_trusted_proxies_the_headers_are_ignored(make_app, trusted):
    config = {} if trusted is None else {"TRUSTED_PROXIES": trusted}
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SIGN_IN="1/minute", **config)
    client = app.test_client()
    assert try_sign_in(client, environ=from_client("203.0.113.1")).status_code == 401
    # A client that writes another address into the header is still counted by its own.
    assert try_sign_in(client, environ=from_client("203.0.113.2")).status_code == 429


@pytest.mark.parametrize(("trusted", "scheme"), [(1, "https"), (0, "http")])
def test_a_trusted_proxy_says_the_scheme(make_app, trusted, scheme):
    app = make_app(TRUSTED_PROXIES=trusted)
    seen = []
    app.before_request(lambda: seen.append(request.scheme))
    app.test_client().get("/healthz", environ_base=from_client("203.0.113.1"))
    assert seen == [scheme]
