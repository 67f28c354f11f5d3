"""Managing user accounts through the admin pages."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token, password_of
from tests.forms import RenderedForm, page_form
from tests.views.test_auth import post_sign_in as sign_in_as
from tracker.extensions import db
from tracker.models import User

NEW_PASSWORD = "a-long-enough-password"


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def stored(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


def add_user(client, **fields: str):
    """Fill in the "Add a user" page's form with ``fields`` and send it."""
    form = page_form(client.get("/admin/users/new"), ".user-form")
    for name, value in fields.items():
        form.set(name, value)
    return form.submit(client)


def edit_form(client, app, username: str) -> RenderedForm:
    """The edit page's form of ``username``, as the page shows it."""
    return page_form(client.get(f"/admin/users/{user_id(app, username)}"), ".user-form")


def deactivate(client, app, username: str):
    """Untick "Active", save, then tick the confirmation the page asks for and save again."""
    asked = edit_form(client, app, username).uncheck("is_active", "y").submit(client)
    assert asked.status_code == 422, asked.get_data(as_text=True)
    return page_form(asked, ".user-form").check("confirm_deactivation", "y").submit(client)


ROUTES = [
    ("GET", "/admin/users"),
    ("GET", "/admin/users/new"),
    ("POST", "/admin/users/new"),
    ("GET", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}"),
    ("GET", "/admin/users/{id}/unlock"),
    ("POST", "/admin/users/{id}/unlock"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(app, client, method, path):
    url = path.format(id=user_id(app, "viewer"))
    if method == "GET":
        response = client.get(url)
    else:
        # No page gives an anonymous visitor these forms: this is a forged request, on purpose.
        token = csrf_token(client.get("/sign-in").get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token, "role": "admin"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("role", ["viewer", "analyst"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_viewers_and_analysts_are_refused(app, client, sign_in, role, method, path):
    sign_in(role)
    url = path.format(id=user_id(app, role))
    if method == "GET":
        response = client.get(url)
    else:
        # The pages refuse them, so there is no form to fill in: a forged request, on purpose.
        token = csrf_token(client.get("/").get_data(as_text=True))
        data = {"csrf_token": token, "role": "admin", "is_active": "y", "username": "sneaky"}
        response = client.post(url, data=data)
    assert response.status_code == 403
    assert stored(app, role).role == role
    assert stored(app, "sneaky") is None


def test_admins_see_the_users_and_the_nav_link(client, sign_in):
    sign_in("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    for text in ("Demo viewer (manager)", "Demo analyst", "Demo administrator", "Add a user"):
        assert text in page
    assert 'class="table-scroll' in page
    assert 'href="/admin/users" aria-current="page">Users</a>' in page


def test_the_users_link_is_only_shown_to_admins(client, sign_in):
    sign_in("analyst")
    assert 'href="/admin/users"' not in client.get("/").get_data(as_text=True)


def test_an_admin_adds_a_user_who_can_then_sign_in(app, client, sign_in):
    sign_in("admin")
    response = add_user(
        client, username="aigerim", display_name="Aigerim N. (UNDP)", role="analyst",
        password=NEW_PASSWORD, confirm=NEW_PASSWORD,
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    page = client.get("/admin/users").get_data(as_text=True)
    assert "User aigerim was added as analyst." in page and "Aigerim N. (UNDP)" in page

    new_client = app.test_client()
    assert sign_in_as(new_client, "aigerim", NEW_PASSWORD).status_code == 302
    assert "<small>analyst</small>" in new_client.get("/").get_data(as_text=True)


def test_errors_are_shown_next_to_fields_and_input_is_kept(app, client, sign_in):
    sign_in("admin")
    response = add_user(
        client, username="has space", display_name="Kept name", role="analyst",
        password="tiny-pw", confirm="typed-differently",
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="username-error">Use letters, digits' in page
    assert 'id="password-error">Use 10 to 200 characters.' in page
    assert 'id="confirm-error">The two passwords are not the same.' in page
    assert 'value="has space"' in page and 'value="Kept name"' in page
    assert '<option selected value="analyst">' in page
    assert "tiny-pw" not in page and "typed-differently" not in page
    assert stored(app, "has space") is None


def test_the_password_help_says_the_person_can_change_it_later(client, sign_in):
    sign_in("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "cannot change it themselves" not in page
    assert "they can change it under “Your account”" in page


def test_a_taken_user_name_is_refused_next_to_the_field(client, sign_in):
    sign_in("admin")
    response = add_user(
        client, username="Analyst", role="viewer", password=NEW_PASSWORD, confirm=NEW_PASSWORD
    )
    assert response.status_code == 422
    assert 'id="username-error">The user name “Analyst” is taken.' in response.get_data(
        as_text=True
    )


def test_oversized_inputs_are_refused_with_a_message(app, client, sign_in):
    # The fields' maxlength stops a person typing this much; a script posting the page's
    # form can still send it, and the server must say no.
    sign_in("admin")
    response = add_user(
        client, username="u" * 81, display_name="d" * 121, role="viewer",
        password=NEW_PASSWORD, confirm=NEW_PASSWORD,
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="username-error">At most 80 characters, please.' in page
    assert 'id="display_name-error">At most 120 characters, please.' in page

    response = edit_form(client, app, "analyst").set("display_name", "d" * 121).submit(client)
    assert response.status_code == 422
    assert 'id="display_name-error">At most 120 characters, please.' in response.get_data(
        as_text=True
    )
    assert stored(app, "analyst").display_name == "Demo analyst"


def test_an_admin_edits_name_role_and_password(app, client, sign_in):
    sign_in("admin")
    form = edit_form(client, app, "analyst")
    assert form["display_name"] == "Demo analyst" and form["role"] == "analyst"
    form.set("display_name", "Asel").set("role", "viewer")
    form.set("password", NEW_PASSWORD).set("confirm", NEW_PASSWORD)
    response = form.submit(client)
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Saved analyst: display name “Demo analyst” → “Asel”; role analyst → viewer; " in page
    assert "new password set." in page
    changed = stored(app, "analyst")
    assert (changed.display_name, changed.role) == ("Asel", "viewer")
    assert sign_in_as(app.test_client(), "analyst", NEW_PASSWORD).status_code == 302


def test_a_typed_password_that_comes_back_empty_is_asked_for_again(app, client, sign_in):
    # Password fields never come back filled in: the page must say so, or the admin
    # believes the new password was kept (here: asked to confirm a deactivation first).
    sign_in("admin")
    form = edit_form(client, app, "analyst").uncheck("is_active", "y")
    asked = form.set("password", NEW_PASSWORD).set("confirm", NEW_PASSWORD).submit(client)
    assert asked.status_code == 422 and "Deactivate Demo analyst?" in asked.text
    assert "Type the new password again" in asked.text
    untouched = edit_form(client, app, "analyst").set("display_name", "d" * 121).submit(client)
    assert "Type the new password again" not in untouched.text


def test_saving_without_changes_says_so(app, client, sign_in):
    sign_in("admin")
    edit_form(client, app, "viewer").submit(client)
    assert "Nothing changed for viewer." in client.get("/admin/users").get_data(as_text=True)


def test_deactivating_asks_for_confirmation_first(app, client, sign_in):
    sign_in("admin")
    form = edit_form(client, app, "analyst")
    assert "confirm_deactivation" not in form.names()

    response = form.uncheck("is_active", "y").submit(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deactivate Demo analyst?" in page
    assert 'id="confirm_deactivation-error">Tick this box to confirm' in page
    box = re.search(r'<input[^>]*id="confirm_deactivation"[^>]*>', page).group()
    assert 'aria-invalid="true"' in box and 'aria-describedby="confirm_deactivation-error"' in box
    assert stored(app, "analyst").is_active

    asked = page_form(response, ".user-form")
    assert "is_active" not in asked.values()  # the untick is kept for the second press
    response = asked.check("confirm_deactivation", "y").submit(client)
    assert response.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Saved analyst: deactivated: they can no longer sign in." in page
    assert "Deactivated</span>" in page
    assert not stored(app, "analyst").is_active
    refused = sign_in_as(app.test_client(), *password_of("analyst"))
    assert refused.status_code == 403 and "Your account is deactivated" in refused.text


def test_a_deactivated_user_is_signed_out_and_can_be_reactivated(app, client, sign_in):
    analyst_client = app.test_client()
    sign_in_as(analyst_client, *password_of("analyst"))
    sign_in("admin")
    assert deactivate(client, app, "analyst").status_code == 302
    assert "Sign in</a>" in analyst_client.get("/").get_data(as_text=True)

    response = edit_form(client, app, "analyst").check("is_active", "y").submit(client)
    assert response.status_code == 302
    assert "Saved analyst: reactivated." in client.get("/admin/users").get_data(as_text=True)
    assert sign_in_as(app.test_client(), *password_of("analyst")).status_code == 302


def test_an_admin_cannot_remove_their_own_admin_role(app, client, sign_in):
    sign_in("admin")
    form = edit_form(client, app, "admin")
    assert "This is your own account" in client.get(f"/admin/users/{user_id(app, 'admin')}").text
    response = form.set("role", "analyst").submit(client)
    assert response.status_code == 422
    assert 'id="role-error">You cannot remove your own admin role.' in response.text
    assert stored(app, "admin").role == "admin"


def test_an_admin_cannot_deactivate_themselves_and_is_told_at_once(app, client, sign_in):
    sign_in("admin")
    response = edit_form(client, app, "admin").uncheck("is_active", "y").submit(client)
    assert response.status_code == 422
    assert 'id="is_active-error">You cannot deactivate your own account.' in response.text
    # No confirmation to tick first for what will be refused anyway.
    assert "confirm_deactivation" not in page_form(response, ".user-form").names()
    assert stored(app, "admin").is_active


def test_unknown_ids_give_404(client, sign_in):
    sign_in("admin")
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/users/abc").status_code == 404
    # No page has a form for a user that does not exist: a crafted request, on purpose.
    token = csrf_token(client.get("/admin/users/new").get_data(as_text=True))
    response = client.post("/admin/users/999999", data={"csrf_token": token, "role": "viewer"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/admin/users/new", "/admin/users/{id}"])
def test_posts_without_the_csrf_token_are_refused(app, client, sign_in, path):
    # What no page sends, on purpose: a forged post from another site has no CSRF token.
    sign_in("admin")
    analyst = stored(app, "analyst")
    data = {
        "username": "forged", "display_name": "Forged", "role": "admin", "is_active": "y",
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }  # fmt: skip
    response = client.post(path.format(id=analyst.id), data=data)
    assert response.status_code == 400
    assert stored(app, "forged") is None
    assert stored(app, "analyst").role == "analyst"
