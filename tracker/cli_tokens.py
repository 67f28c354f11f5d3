"""Command-line API tokens, for scripts and for setting up a server without a browser:
``flask --app tracker issue-token USERNAME NAME`` and ``revoke-token USERNAME PREFIX``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.cli import reports_database_errors
from tracker.extensions import db
from tracker.models import User
from tracker.services import api_tokens


@click.command("issue-token")
@with_appcontext
@click.argument("username")
@click.argument("name")
@reports_database_errors
def issue_token_command(username: str, name: str) -> None:
    """Issue an API token for USERNAME, named NAME (what it is for); prints the token once,
    alone on standard output, so a script can capture it."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(_("There is no user “%(username)s”.", username=username))
    try:
        token, secret = api_tokens.issue_token(db.session, user, name, issued_by=None)
    except api_tokens.TokenError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(secret)
    message = _("Issued the token “%(name)s” (%(prefix)s…) for %(username)s. Copy it now: it "
                "cannot be shown again.", name=token.name, prefix=token.prefix,
                username=user.username)  # fmt: skip
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
