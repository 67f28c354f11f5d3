"""An admin clears a user name's sign-in throttle, after confirming."""

import lxml.html

from tests.conftest import password_of
from tests.forms import page_form
from tests.views.test_auth import post_sign_in


def test_an_admin_unlocks_a_throttled_user_name(app, sign_in):
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "10.6.6.6"
    for _ in range(5):
        assert post_sign_in(attacker, "viewer", "guess").status_code == 401
    assert post_sign_in(attacker, *password_of("viewer")).status_code == 429

    admin = sign_in("admin")  # from another address, so not throttled itself
    users = lxml.html.fromstring(admin.get("/admin/users").get_data(as_text=True))
    (edit_url,) = [a.get("href") for a in users.iter("a") if a.text_content() == "Edit (viewer)"]
    edit_page = admin.get(edit_url).get_data(as_text=True)
    assert "5 failed sign-ins for this user name in the last hour" in edit_page
    unlock_url = lxml.html.fromstring(edit_page).get_element_by_id("sign-in-throttle").find("a")
    confirm = admin.get(unlock_url.get("href"))
    assert "will be forgotten, from every address" in confirm.get_data(as_text=True)
    response = page_form(confirm, "#unlock-form").submit(admin)
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "5 failed sign-ins of viewer were cleared" in page
    assert 'id="sign-in-throttle"' not in page

    assert post_sign_in(attacker, *password_of("viewer")).status_code == 302
