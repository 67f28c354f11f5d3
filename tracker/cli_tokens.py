"""Command-line API tokens, for scripts and for setting up a server without a browser:
``flask --app tracker issue-token USERNAME NAME`` and ``revoke-token USERNAME PREFIX``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User
from tracker.services import api_tokens


@click.command("issue-token")
@with_appcontext
@click.argument("username")
@click.argument("name")
def issue_token_command(username: str, name: str) -> None:
    """Issue an API token for USERNAME, named NAME (what it is for); prints the token once,
    alone on standard output, so a script can capture it."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"There is no user {username!r}.")
    try:
        token, secret = api_tokens.issue_token(db.session, user, name, issued_by=None)
    except api_tokens.TokenError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(secret)
    click.echo(
        f"Issued the token “{token.name}” ({token.prefix}…) for {user.username}. "
        "Copy it now: it cannot be shown again.",
        err=True,
    )


@click.command("revoke-token")
@with_appcontext
@click.argument("username")
@click.argument("prefix")
def revoke_token_command(username: str, prefix: str) -> None:
    """Revoke USERNAME's token that starts with PREFIX (as listed on the admin page, e.g.
    sdg_AbCd1234; the whole token works too)."""
    found = api_tokens.find_token(db.session, username, prefix)
    if not found:
        raise click.ClickException(f"{username!r} has no active token starting with {prefix!r}.")
    if len(found) > 1:
        raise click.ClickException(
            f"{len(found)} tokens of {username!r} start with {prefix!r}; give more characters."
        )
    [token] = found
    api_tokens.revoke_token(db.session, token, revoked_by=None)
    db.session.commit()
    click.echo(f"Revoked the token “{token.name}” ({token.prefix}…) of {username}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(issue_token_command)
    app.cli.add_command(revoke_token_command)
