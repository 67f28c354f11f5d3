"""SDG project-portfolio tracker: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l

from tracker import i18n, proxies, rate_limits, routing
from tracker.config import ROOT, load_config, normalise_database_url
from tracker.extensions import csrf, init_db


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` (tests, scripts) replaces reading the environment."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        REPORTING_CURRENCY="USD",
        FISCAL_YEAR_START_MONTH=1,
    )
    app.config.update(config if config is not None else load_config(app.instance_path))
    url = normalise_database_url(app.config["DATABASE_URL"])
    app.config["DATABASE_URL"] = url
    app.config["SQLALCHEMY_ENGINES"] = {"default": _engine_options(url, app.config)}
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    init_db(app)
    csrf.init_app(app)
    i18n.init_app(app)
    routing.init_app(app)  # before the blueprints: their rules take its converters
    register_blueprints(app)
    register_cli(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_input_guard(app)
    register_error_pages(app)
    rate_limits.init_app(app)  # after the blueprints: it limits their views
    proxies.init_app(app)
    return app


def _engine_options(url: str, config: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"url": url}
    if url.startswith("postgresql"):
        options.update(pool_pre_ping=True, pool_size=config.get("DATABASE_POOL_SIZE", 10),
                       max_overflow=config.get("DATABASE_MAX_OVERFLOW", 10))  # fmt: skip
    return options


def register_blueprints(app: Flask) -> None:
    from tracker import permissions
    from tracker.views import (
        activity,
        admin,
        api,
        auth,
        chain,
        dashboard,
        exchange,
        finance,
        finance_exchange,
        funding,
        indicators,
        main,
        markers,
        projects,
        register,
        result_forms,
        results_dashboard,
        results_exchange,
    )

    permissions.init_app(app)
    blueprints = (main, auth, dashboard, funding, register, projects, finance, activity,
                  exchange, admin, api, indicators, markers)  # fmt: skip
    for module in blueprints:
        app.register_blueprint(module.bp)
    app.register_blueprint(finance_exchange.bp)
    app.register_blueprint(results_exchange.bp)
    app.register_blueprint(results_dashboard.bp)
    app.register_blueprint(result_forms.bp)
    app.register_blueprint(chain.bp)


def register_cli(app: Flask) -> None:
    from tracker import cli, cli_rates, cli_tokens

    cli.init_app(app)
    cli_tokens.init_app(app)
    cli_rates.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from tracker import formatting

    formatting.init_app(app)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _set_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def _refuse_nul_characters():
        # No one can type a NUL character into a page, and PostgreSQL cannot store one: a
        # form that sends one is a bad request for every form, not a database error in some.
        if request.method == "POST" and any(
            "\x00" in value for _name, value in request.form.items(multi=True)
        ):
            abort(400)


# (title, message) of the error pages people see; the API answers in JSON instead.
ERROR_PAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Check the form and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account may not do this. Ask an administrator for access.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have moved.")),
    405: (_l("Not allowed here"), _l("This address does not accept that kind of request.")),
    413: (
        _l("File too large"),
        _l(
            "The file is larger than the %(limit)s MB the tracker accepts from a browser. "
            "Someone who runs the tracker can import a larger file on the server with one of "
            "these commands:"
        ),
    ),  # fmt: skip
    500: (
        _l("Something went wrong"),
        _l("The tracker hit an error; nothing was saved. Try again."),
    ),
}


# How a file over the upload limit gets in: the import commands, on the server.
LARGE_FILE_COMMANDS = (
    "flask --app tracker import-csv FILE --user NAME",
    "flask --app tracker import-iati FILE --user NAME",
)


def register_error_pages(app: Flask) -> None:
    from flask import request
    from flask_babel import format_decimal

    from tracker.error_pages import render_error_page
    from tracker.views import api

    def render(error):
        if request.path.startswith(api.bp.url_prefix + "/"):
            return api.http_error(error)  # scripts get JSON, also for unknown addresses
        title, message = ERROR_PAGES[error.code]
        commands = ()
        if error.code == 413:  # say the limit, and the way round it for larger files
            limit = format_decimal(app.config["MAX_CONTENT_LENGTH"] / 1024 / 1024, "#,##0.#")
            message = message % {"limit": limit}
            commands = LARGE_FILE_COMMANDS
        return render_error_page(error.code, title=title, message=message, commands=commands)

    for code in ERROR_PAGES:
        app.register_error_handler(code, render)
