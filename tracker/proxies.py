"""Trusting the reverse proxies in front of the app, and only those (TRUSTED_PROXIES=N).

Behind N proxies, each appending to X-Forwarded-For and setting X-Forwarded-Proto/-Host,
Werkzeug's ProxyFix makes ``request.remote_addr`` the real client (which the rate limits
count by) and ``request.scheme`` https. With 0, the default, the headers are ignored: a
client could otherwise write any address into them and dodge the limits.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when the config trusts one or more proxies."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
