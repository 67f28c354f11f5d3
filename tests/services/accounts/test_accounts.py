"""Account rules: unique names, password length, and always one active admin."""

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from tracker.models import User
from tracker.services.accounts.users import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    create_user,
    get_user,
    list_users,
    set_password,
    update_user,
)

GOOD_PASSWORD = "a-long-enough-password"


def user_named(session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def change(session, user, acting_user=None, **fields):
    values = {
        "role": user.role,
        "display_name": user.display_name,
        "is_active": user.is_active,
        **fields,
    }
    return update_user(session, user, acting_user=acting_user, **values)


def test_create_user_strips_names_and_hashes_the_password(session):
    user = create_user(session, "  aigerim ", GOOD_PASSWORD, "analyst", "  Aigerim N. ")
    assert (user.username, user.display_name, user.role) == ("aigerim", "Aigerim N.", "analyst")
    assert user.is_active and user.id is not None
    assert check_password_hash(user.password_hash, GOOD_PASSWORD)


def test_user_names_are_unique_whatever_their_case(session):
    with pytest.raises(AccountError, match="is taken") as refused:
        create_user(session, "ANALYST", GOOD_PASSWORD, "viewer")
    assert refused.value.field == "username"


@pytest.mark.parametrize(
    ("username", "password", "role", "display_name", "field"),
    [
        ("", GOOD_PASSWORD, "viewer", "", "username"),
        ("x" * 81, GOOD_PASSWORD, "viewer", "", "username"),
        ("new", GOOD_PASSWORD, "superuser", "", "role"),
        ("new", GOOD_PASSWORD, "viewer", "x" * 121, "display_name"),
        ("new", "x" * (MIN_PASSWORD_LENGTH - 1), "viewer", "", "password"),
    ],
)
def test_create_user_refuses_bad_values(session, username, password, role, display_name, field):
    with pytest.raises(AccountError) as refused:
        create_user(session, username, password, role, display_name)
    assert refused.value.field == field


def test_set_password_refuses_short_passwords(session):
    user = user_named(session, "viewer")
    before = user.password_hash
    with pytest.raises(AccountError, match=f"at least {MIN_PASSWORD_LENGTH} characters"):
        set_password(user, "short")
    assert user.password_hash == before
    set_password(user, GOOD_PASSWORD)
    assert check_password_hash(user.password_hash, GOOD_PASSWORD)


def test_list_and_get_users(session):
    create_user(session, "Zhanna", GOOD_PASSWORD, "viewer")
    create_user(session, "bolat", GOOD_PASSWORD, "viewer")
    names = [user.username for user in list_users(session)]
    assert names == ["admin", "analyst", "bolat", "viewer", "Zhanna"]
    admin = user_named(session, "admin")
    assert get_user(session, admin.id) is admin
    assert get_user(session, 999_999) is None


def test_update_user_changes_fields_and_says_what_changed(session):
    admin = user_named(session, "admin")
    analyst = user_named(session, "analyst")
    changes = change(session, analyst, admin, role="viewer", display_name=" Asel ", is_active=False)
    assert changes == [
        "display name “Demo analyst” → “Asel”",
        "role analyst → viewer",
        "deactivated: they can no longer sign in",
    ]
    assert (analyst.role, analyst.display_name, analyst.is_active) == ("viewer", "Asel", False)
    assert change(session, analyst, admin, is_active=True) == ["reactivated"]
    assert change(session, analyst, admin) == []


def test_update_user_refuses_unknown_roles_and_long_names(session):
    analyst = user_named(session, "analyst")
    with pytest.raises(AccountError) as refused:
        change(session, analyst, role="owner")
    assert refused.value.field == "role"
    with pytest.raises(AccountError) as refused:
        change(session, analyst, display_name="x" * 121)
    assert refused.value.field == "display_name"
    assert analyst.role == "analyst"


def test_an_admin_cannot_remove_their_own_admin_role(session):
    create_user(session, "second-admin", GOOD_PASSWORD, "admin")
    admin = user_named(session, "admin")
    with pytest.raises(AccountError, match="own admin role") as refused:
        change(session, admin, admin, role="analyst")
    assert refused.value.field == "role"
    assert admin.role == "admin"


def test_an_admin_cannot_deactivate_themselves(session):
    create_user(session, "second-admin", GOOD_PASSWORD, "admin")
    admin = user_named(session, "admin")
    with pytest.raises(AccountError, match="deactivate your own account") as refused:
        change(session, admin, admin, is_active=False)
    assert refused.value.field == "is_active"
    assert admin.is_active


def test_an_admin_can_change_their_own_display_name(session):
    admin = user_named(session, "admin")
    assert change(session, admin, admin, display_name="Dana") == [
        "display name “Demo administrator” → “Dana”"
    ]


@pytest.mark.parametrize(
    ("fields", "field"), [({"role": "viewer"}, "role"), ({"is_active": False}, "is_active")]
)
def test_the_last_active_admin_stays_an_active_admin(session, fields, field):
    admin = user_named(session, "admin")
    with pytest.raises(AccountError, match="last active admin") as refused:
        change(session, admin, **fields)
    assert refused.value.field == field
    assert admin.role == "admin" and admin.is_active


def test_a_deactivated_admin_does_not_count_as_another_admin(session):
    other = create_user(session, "second-admin", GOOD_PASSWORD, "admin")
    other.is_active = False
    admin = user_named(session, "admin")
    with pytest.raises(AccountError, match="last active admin"):
        change(session, admin, role="analyst")


def test_with_another_active_admin_an_admin_can_be_demoted_by_them(session):
    other = create_user(session, "second-admin", GOOD_PASSWORD, "admin")
    admin = user_named(session, "admin")
    assert change(session, admin, other, role="analyst") == ["role admin → analyst"]
    # Now `other` is the last one.
    with pytest.raises(AccountError, match="last active admin"):
        change(session, other, admin, role="viewer")
