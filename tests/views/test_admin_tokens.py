"""API tokens on the admin pages: issued with the secret shown once, listed by prefix only,
revoked after a confirmation, and only by admins."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import csrf_token, password_of
from tests.forms import page_form
from tests.views.test_auth import post_sign_in
from tracker.extensions import db
from tracker.models import ApiToken, User
from tracker.services.accounts import api_tokens


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def tokens_of(app, username: str) -> list[ApiToken]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        found = api_tokens.tokens_of(db.session, user)
        db.session.expunge_all()
        return found


def issue(client, app, username: str = "viewer", name: str = "Power BI report"):
    """Fill in "Issue a token" on the user's tokens page and send it."""
    page = client.get(f"/admin/users/{user_id(app, username)}/tokens")
    return page_form(page, ".token-form").set("name", name).submit(client)


def shown_secret(html: str) -> str:
    match = re.search(r'id="token-secret" class="token-secret" type="text" value="([^"]+)"', html)
    assert match, "the page shows no secret"
    return match.group(1)


def test_an_admin_issues_a_token_whose_secret_is_shown_once(app, client, sign_in):
    sign_in("admin")
    response = issue(client, app)
    page = response.get_data(as_text=True)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = shown_secret(page)
    assert "This is the only time the token is shown." in page
    [token] = tokens_of(app, "viewer")
    assert token.name == "Power BI report" and secret.startswith(token.prefix)
    assert token.created_by_id == user_id(app, "admin")
    # The list shows the prefix, never the secret again.
    again = client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens").get_data(as_text=True)
    assert f"<code>{token.prefix}…</code>" in again and secret not in again
    assert "Power BI report" in again and "never" in again
    # And the secret works on the API.
    api = app.test_client().get("/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_a_token_needs_a_name(app, client, sign_in):
    sign_in("admin")
    response = issue(client, app, name="   ")
    assert response.status_code == 422
    assert 'id="name-error">Say what the token is for' in response.get_data(as_text=True)
    assert tokens_of(app, "viewer") == []


def test_no_token_is_offered_for_a_deactivated_user(app, client, sign_in):
    sign_in("admin")
    url = f"/admin/users/{user_id(app, 'viewer')}/tokens"
    left_open = page_form(client.get(url), ".token-form").set("name", "script")
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "viewer")).is_active = False
        db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "no new token can be issued" in page and "Issue a token</button>" not in page
    # A form left open in another tab before the deactivation is refused too.
    response = left_open.submit(client)
    assert response.status_code == 422 and "deactivated" in response.get_data(as_text=True)
    assert tokens_of(app, "viewer") == []


def test_revoking_asks_first_and_then_needs_the_forms_post(app, client, sign_in):
    sign_in("admin")
    secret = shown_secret(issue(client, app).get_data(as_text=True))
    [token] = tokens_of(app, "viewer")
    url = f"/admin/tokens/{token.id}/revoke"
    confirm = client.get(url)
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Revoke the token “Power BI report”?" in page
    assert tokens_of(app, "viewer")[0].revoked_at is None  # asking changes nothing
    # What no page sends, on purpose: a POST without the page's CSRF token is refused.
    assert client.post(url).status_code == 400
    assert tokens_of(app, "viewer")[0].revoked_at is None
    response = page_form(confirm).submit(client)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user_id(app, 'viewer')}/tokens"
    listed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "was revoked." in listed
    assert re.search(r"Revoked \w{3} \d+, 20\d\d, \d\d:\d\d UTC", listed)
    [revoked] = tokens_of(app, "viewer")
    assert revoked.revoked_at is not None and revoked.revoked_by_id == user_id(app, "admin")
    api = app.test_client().get("/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401
    assert "was revoked on" in client.get(url).get_data(as_text=True)


def test_an_unknown_token_or_user_is_404(app, client, sign_in):
    sign_in("admin")
    assert client.get("/admin/tokens/999999/revoke").status_code == 404
    assert client.get("/admin/users/999999/tokens").status_code == 404


def test_the_user_pages_link_to_the_tokens(app, client, sign_in):
    sign_in("admin")
    url = f"/admin/users/{user_id(app, 'analyst')}/tokens"
    assert f'href="{url}"' in client.get("/admin/users").get_data(as_text=True)
    edit = client.get(f"/admin/users/{user_id(app, 'analyst')}").get_data(as_text=True)
    assert f'href="{url}"' in edit


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_admins_manage_tokens(app, client, sign_in, role):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        token, _ = api_tokens.issue_token(db.session, admin, "admin's", issued_by=None)
        db.session.commit()
        token_id = token.id
    sign_in(role)
    own = f"/admin/users/{user_id(app, role)}/tokens"
    # The pages refuse them, so there is no form to fill in: forged requests, on purpose.
    form_token = csrf_token(client.get("/").get_data(as_text=True))
    assert client.get(own).status_code == 403
    assert client.post(own, data={"name": "mine", "csrf_token": form_token}).status_code == 403
    assert client.get(f"/admin/tokens/{token_id}/revoke").status_code == 403
    revoke = client.post(f"/admin/tokens/{token_id}/revoke", data={"csrf_token": form_token})
    assert revoke.status_code == 403
    assert tokens_of(app, role) == [] and tokens_of(app, "admin")[0].revoked_at is None


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    response = client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_sending_the_issue_form_again_issues_no_second_token(app, client, sign_in):
    """Reloading the page that shows a new secret (or coming back to it) sends the form
    again: that must not issue a token nobody will ever see."""
    sign_in("admin")
    form = page_form(client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens"), ".token-form")
    form.set("name", "Power BI report")
    assert form.submit(client).status_code == 201
    again = form.submit(client)
    assert again.status_code == 303
    again = client.get(again.headers["Location"])
    page = again.get_data(as_text=True)
    assert "This form was already sent" in page and 'id="token-secret"' not in page
    assert [token.name for token in tokens_of(app, "viewer")] == ["Power BI report"]
    # The page's fresh form issues the next one.
    fresh = page_form(again, ".token-form").set("name", "Second script").submit(client)
    assert fresh.status_code == 201
    assert len(tokens_of(app, "viewer")) == 2


def test_a_form_with_an_error_can_be_corrected_and_sent(app, client, sign_in):
    sign_in("admin")
    refused = issue(client, app, name="")
    assert refused.status_code == 422
    issued = page_form(refused, ".token-form").set("name", "Monthly export").submit(client)
    assert issued.status_code == 201
    assert [token.name for token in tokens_of(app, "viewer")] == ["Monthly export"]


# --- expiry, and what an account change does to the tokens -----------------------------------

DAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_token_issued_with_an_expiry_date_is_refused_from_that_day(app, client, sign_in):
    with time_machine.travel(DAY, tick=False) as clock:
        sign_in("admin")
        page = client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens")
        form = page_form(page, ".token-form").set("name", "Quarterly report")
        response = form.set("expires", "2026-12-31").submit(client)
        assert response.status_code == 201
        secret = shown_secret(response.get_data(as_text=True))
        [token] = tokens_of(app, "viewer")
        assert token.expires_at.replace(tzinfo=UTC) == datetime(2026, 12, 31, tzinfo=UTC)
        listed = client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens").get_data(as_text=True)
        assert "Expires Dec 31, 2026, 00:00 UTC" in listed

        api = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}
        clock.move_to(datetime(2026, 12, 30, 23, 59, tzinfo=UTC))
        assert api.get("/api/v1/sdg/goals", headers=headers).status_code == 200
        clock.move_to(datetime(2026, 12, 31, 0, 0, tzinfo=UTC))
        refused = api.get("/api/v1/sdg/goals", headers=headers)
        assert refused.status_code == 401
        assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
        assert "expired on 2026-12-31" in refused.get_json()["message"]
        admin = app.test_client()  # the first session has ended long since
        post_sign_in(admin, *password_of("admin"))
        listed = admin.get(f"/admin/users/{user_id(app, 'viewer')}/tokens").get_data(as_text=True)
        assert "Expired Dec 31, 2026, 00:00 UTC" in listed and "Revoke</a>" not in listed


@pytest.mark.parametrize(
    ("expires", "message"),
    [("2026-12-01", "The expiry date must be after today"), ("2026-13-45", "Not a valid date")],
)
def test_an_expiry_date_in_the_past_or_not_a_date_is_refused(app, client, sign_in, expires,
                                                             message):  # fmt: skip
    with time_machine.travel(DAY, tick=False):
        sign_in("admin")
        page = client.get(f"/admin/users/{user_id(app, 'viewer')}/tokens")
        form = page_form(page, ".token-form").set("name", "script").set("expires", expires)
        response = form.submit(client)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        assert tokens_of(app, "viewer") == []


def edit_user(app, client, username: str):
    return page_form(client.get(f"/admin/users/{user_id(app, username)}"), ".user-form")


def two_tokens(app, client, username: str) -> list[str]:
    secrets = [shown_secret(issue(client, app, username, name).get_data(as_text=True))
               for name in ("one", "two")]  # fmt: skip
    # A third, revoked earlier, is not counted again.
    issue(client, app, username, "old")
    old = next(token for token in tokens_of(app, username) if token.name == "old")
    page_form(client.get(f"/admin/tokens/{old.id}/revoke")).submit(client)
    return secrets


def test_an_admins_password_reset_revokes_the_persons_tokens_and_says_so(app, client, sign_in):
    sign_in("admin")
    secrets = two_tokens(app, client, "analyst")
    form = edit_user(app, client, "analyst")
    form.set("password", "a-brand-new-password").set("confirm", "a-brand-new-password")
    page = client.get(form.submit(client).headers["Location"]).get_data(as_text=True)
    assert "2 API tokens of analyst were revoked." in page
    assert all(token.revoked_at is not None for token in tokens_of(app, "analyst"))
    for secret in secrets:
        api = app.test_client().get(
            "/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"}
        )
        assert api.status_code == 401


def test_a_deactivation_revokes_the_tokens_and_a_reactivation_revives_none(app, client, sign_in):
    sign_in("admin")
    [secret, _] = two_tokens(app, client, "viewer")
    form = edit_user(app, client, "viewer").uncheck("is_active", "y")
    form = page_form(form.submit(client), ".user-form").check("confirm_deactivation", "y")
    page = client.get(form.submit(client).headers["Location"]).get_data(as_text=True)
    assert "2 API tokens of viewer were revoked." in page
    response = edit_user(app, client, "viewer").check("is_active", "y").submit(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "reactivated" in page and "revoked" not in page
    api = app.test_client().get("/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401
    assert all(token.revoked_at is not None for token in tokens_of(app, "viewer"))


def test_other_edits_and_an_admins_own_new_password_keep_the_tokens(app, client, sign_in):
    sign_in("admin")
    issue(client, app, "analyst", "kept")
    issue(client, app, "admin", "mine")
    form = edit_user(app, client, "analyst").set("display_name", "Aigerim")
    page = client.get(form.submit(client).headers["Location"]).get_data(as_text=True)
    assert "revoked" not in page
    form = edit_user(app, client, "admin").set("password", "my-new-password-1")
    page = client.get(form.set("confirm", "my-new-password-1").submit(client).headers["Location"])
    assert "revoked" not in page.get_data(as_text=True)
    assert tokens_of(app, "analyst")[0].revoked_at is None
    assert tokens_of(app, "admin")[0].revoked_at is None
