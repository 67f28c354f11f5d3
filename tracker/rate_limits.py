"""Request-rate limits per client address: signing in, the API and downloads.

A person who sends too many requests gets a 429 page in their language, a script a JSON
error in the API's shape; both say in ``Retry-After`` how many seconds to wait. The limits
are settings (``RATELIMIT_SIGN_IN``, ``RATELIMIT_API``, ``RATELIMIT_DOWNLOADS``, in
Flask-Limiter's notation, e.g. ``10/minute;100/hour``). Counters live in memory unless
``RATELIMIT_STORAGE_URI`` names a shared store (``redis://...``), which several gunicorn
workers or servers need to count together.

Each app gets its own limiter, so two apps in one process (tests) never share a switch or
a counter; views only mark themselves with :func:`limited`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from tracker.error_pages import render_error_page
from tracker.views.api_errors import API_PREFIX, error_response

View = TypeVar("View", bound=Callable)

DEFAULT_LIMITS = {
    "RATELIMIT_SIGN_IN": "10/minute;100/hour",  # sign-in attempts (POST) per address
    "RATELIMIT_API": "600/minute",  # API requests per address
    "RATELIMIT_DOWNLOADS": "30/minute",  # CSV and XML downloads per address, all together
}
API_MESSAGE = "Too many requests from this address; wait the seconds Retry-After says."
TITLE = _l("Too many requests")
MESSAGE = _l("You sent too many requests in a short time. Wait %(seconds)s seconds and try again.")


def limited(setting: str, *, methods: list[str] | None = None) -> Callable[[View], View]:
    """Mark a view as limited by the setting ``setting`` (one of DEFAULT_LIMITS' keys);
    views marked with the same setting share one count per address."""

    def mark(view: View) -> View:
        view._rate_limit = (setting, methods)  # type: ignore[attr-defined]
        return view

    return mark


def init_app(app: Flask) -> None:
    """Limit the marked views and the API blueprint; call after registering blueprints."""
    for name, default in DEFAULT_LIMITS.items():
        app.config.setdefault(name, default)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter = Limiter(get_remote_address, app=app)
    app.extensions["tracker_limiter"] = limiter
    for endpoint, view in list(app.view_functions.items()):
        if marked := getattr(view, "_rate_limit", None):
            setting, methods = marked
            decorate = limiter.shared_limit(app.config[setting], scope=setting, methods=methods)
            app.view_functions[endpoint] = decorate(view)
    if "api" in app.blueprints:
        # one count for the whole API, not one per address in it
        limiter.shared_limit(app.config["RATELIMIT_API"], scope="api")(app.blueprints["api"])
    app.register_error_handler(TooManyRequests, too_many_requests)


def retry_after() -> int:
    """Whole seconds until the breached limit lets the address in again (at least 1)."""
    limiter: Limiter | None = current_app.extensions.get("tracker_limiter")
    breached = limiter.current_limit if limiter is not None else None
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()))  # reset_at is rounded up already


def too_many_requests(error: TooManyRequests) -> Response | tuple[str, int]:
    """The 429 answer: JSON under the API, the error page elsewhere; Retry-After on both."""
    seconds = retry_after()
    headers = {"Retry-After": str(seconds)}
    if request.path.startswith(API_PREFIX + "/"):
        return error_response(429, API_MESSAGE, headers=headers)
    body, code = render_error_page(429, title=TITLE, message=MESSAGE % {"seconds": seconds})
    return Response(body, code, headers=headers)
