"""Command-line API tokens, for scripts and for setting up a server without a browser:
``flask --app tracker issue-token USERNAME NAME [--expires YYYY-MM-DD]`` and
``revoke-token USERNAME PREFIX``."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.cli_errors import reports_database_errors
from tracker.extensions import db
from tracker.formatting import datetime_text
from tracker.models import User
from tracker.services.accounts import api_tokens


@click.command("issue-token")
@with_appcontext
@click.argument("username")
@click.argument("name")
@click.option(
    "--expires",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="YYYY-MM-DD: the token is refused from the start of this day (00:00 UTC) on.",
)
@reports_database_errors
def issue_token_command(username: str, name: str, expires: datetime | None) -> None:
    """Issue an API token for USERNAME, named NAME (what it is for); prints the token once,
    alone on standard output, so a script can capture it."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(_("There is no user “%(username)s”.", username=username))
    try:
        token, secret = api_tokens.issue_token(
            db.session, user, name, issued_by=None,
            expires_on=expires.date() if expires is not None else None,
        )  # fmt: skip
    except api_tokens.TokenError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(secret)
    message = _("Issued the token “%(name)s” (%(prefix)s…) for %(username)s. Copy it now: it "
                "cannot be shown again.", name=token.name, prefix=token.prefix,
                username=user.username)  # fmt: skip
    if token.expires_at is not None:
        message += " " + _("It expires on %(when)s.", when=datetime_text(token.expires_at))
    click.echo(message, err=True)


@click.command("revoke-token")
@with_appcontext
@click.argument("username")
@click.argument("prefix")
@reports_database_errors
def revoke_token_command(username: str, prefix: str) -> None:
    """Revoke USERNAME's token that starts with PREFIX (as listed on the admin page, e.g.
    sdg_AbCd1234; the whole token works too)."""
    found = api_tokens.find_token(db.session, username, prefix)
    if not found:
        message = _("“%(username)s” has no active token starting with “%(prefix)s”.",
                    username=username, prefix=prefix)  # fmt: skip
        raise click.ClickException(message)
    if len(found) > 1:
        raise click.ClickException(
            _(
                "%(count)s tokens of “%(username)s” start with “%(prefix)s”; give more characters.",
                count=len(found),
                username=username,
                prefix=prefix,
            )  # fmt: skip
        )
    [token] = found
    api_tokens.revoke_token(db.session, token, revoked_by=None)
    db.session.commit()
    click.echo(_("Revoked the token “%(name)s” (%(prefix)s…) of %(username)s.", name=token.name,
                 prefix=token.prefix, username=username))  # fmt: skip


def init_app(app: Flask) -> None:
    app.cli.add_command(issue_token_command)
    app.cli.add_command(revoke_token_command)
