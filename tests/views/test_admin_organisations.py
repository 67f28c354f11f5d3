"""Organisations through the admin pages: the list (search, sort, pages), adding, editing,
and deleting only what no project uses."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import Organisation, Project, ProjectOrganisation


def organisation(app, acronym: str) -> Organisation | None:
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.acronym == acronym))
        if found is not None:
            db.session.expunge(found)
        return found


def organisation_form(client, url="/admin/organisations/new", **fields):
    form = page_form(client.get(url), "#organisation-form")
    for name, value in fields.items():
        form.set(name, value)
    return form


def acronyms(page: str) -> list[str]:
    return re.findall(r'<td class="acronym">([^<]*)</td>', page)


ROUTES = [
    ("GET", "/admin/organisations"), ("GET", "/admin/organisations/new"),
    ("POST", "/admin/organisations/new"), ("GET", "/admin/organisations/{id}"),
    ("POST", "/admin/organisations/{id}"), ("GET", "/admin/organisations/{id}/delete"),
    ("POST", "/admin/organisations/{id}/delete"),
]  # fmt: skip


@pytest.mark.parametrize("role", ["anonymous", "viewer", "analyst"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_only_admins_reach_the_organisation_pages(app, client, sign_in, role, method, path):
    if role != "anonymous":
        sign_in(role)
    url = path.format(id=organisation(app, "EU").id)
    if method == "GET":
        response = client.get(url)
    else:
        # No page gives them these forms: a forged request, on purpose.
        token = csrf_token(client.get("/sign-in" if role == "anonymous" else "/").text)
        data = {"csrf_token": token, "acronym": "SNEAKY", "name": "Sneaky", "kind": "other"}
        response = client.post(url, data=data)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert organisation(app, "SNEAKY") is None and organisation(app, "EU") is not None


def test_the_list_shows_how_many_projects_use_each(client, sign_in):
    sign_in("admin")
    page = client.get("/admin/organisations").text
    assert "35 organisations" in page
    undp = page.split('<td class="acronym">UNDP</td>')[1].split("</tr>")[0]
    count = int(re.search(r'class="num projects">([\d,]+)<', undp)[1].replace(",", ""))
    assert count > 0
    assert "/delete" not in undp  # in use: no delete link
    assert "XM-DAC-41114" in undp


def test_the_list_is_searchable_sortable_and_paged(client, sign_in):
    sign_in("admin")
    found = client.get("/admin/organisations?q=nations+children").text
    assert acronyms(found) == ["UNICEF"]
    assert "1 organisation" in found
    names = re.findall(r'<td class="name">([^<]*)</td>',
                       client.get("/admin/organisations?sort=name&dir=desc").text)  # fmt: skip
    assert names == sorted(names, key=str.lower, reverse=True)
    busiest = client.get("/admin/organisations?sort=projects").text
    counts = [
        int(n.replace(",", "")) for n in re.findall(r'class="num projects">([\d,]+)<', busiest)
    ]
    assert counts == sorted(counts, reverse=True)
    odd = client.get("/admin/organisations?sort=bogus&page=0").text
    assert "cannot be sorted by “bogus”" in odd and "is not a page number" in odd
    assert client.get("/admin/organisations?q=%25").text.count('<td class="acronym">') == 0


def test_an_admin_adds_an_organisation_through_the_form(app, client, sign_in):
    sign_in("admin")
    form = organisation_form(
        client, acronym="NBK", name="National Bank of Kazakhstan", kind="government",
        iati_ref="KZ-BIN-941240001151",
    )  # fmt: skip
    assert form.options("kind") == ["un_entity", "government", "funder", "other"]
    response = form.submit(client)
    assert response.status_code == 302, response.text
    assert "Added NBK – National Bank of Kazakhstan." in client.get(response.location).text
    added = organisation(app, "NBK")
    assert (added.name, added.kind, added.iati_ref) == (
        "National Bank of Kazakhstan", "government", "KZ-BIN-941240001151")  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"acronym": "undp", "name": "New"}, "acronym",
         "Another organisation has the acronym undp."),
        ({"acronym": "NEW", "name": "World Health Organization"}, "name",
         "Another organisation has this name."),
        ({"acronym": "NEW", "name": "New", "iati_ref": "xm-dac-41114"}, "iati_ref",
         "Another organisation has the identifier xm-dac-41114."),
        ({"acronym": "NEW", "name": "New", "iati_ref": "XM DAC 41114"}, "iati_ref",
         "has no spaces"),
        ({"acronym": "NEW", "name": "New", "iati_ref": "41114"}, "iati_ref",
         "the registration agency's prefix"),
        ({"acronym": "NEW", "name": "New", "iati_ref": "XM--41114"}, "iati_ref", "no empty part"),
        ({"acronym": "", "name": "New"}, "acronym", "Required."),
        ({"acronym": "NEW", "name": "x" * 201}, "name", "At most 200 characters"),
    ],
)  # fmt: skip
def test_the_form_explains_what_is_wrong_next_to_the_field(app, client, sign_in, fields, field,
                                                           message):  # fmt: skip
    sign_in("admin")
    response = organisation_form(client, **fields).submit(client)
    assert response.status_code == 422
    errors = re.findall(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', response.text)
    assert any(message in error.replace("&#39;", "'") for error in errors), errors
    assert page_form(response, "#organisation-form")[field] == fields.get(field, "")
    assert organisation(app, "NEW") is None


def test_an_admin_edits_an_organisation_in_use(app, client, sign_in):
    sign_in("admin")
    undp = organisation(app, "UNDP")
    form = organisation_form(client, f"/admin/organisations/{undp.id}")
    assert (form["acronym"], form["kind"], form["iati_ref"]) == (
        "UNDP",
        "un_entity",
        "XM-DAC-41114",
    )
    form.set("name", "United Nations Development Programme (UNDP)")
    response = form.submit(client)
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Saved UNDP: name “United Nations Development Programme” → “United Nations " in page
    assert organisation(app, "UNDP").name == "United Nations Development Programme (UNDP)"


def test_an_organisation_in_use_cannot_be_deleted_and_the_page_says_why(app, client, sign_in):
    sign_in("admin")
    undp = organisation(app, "UNDP")
    page = client.get(f"/admin/organisations/{undp.id}/delete")
    assert "UNDP cannot be deleted" in page.text
    assert 'id="delete-organisation-form"' not in page.text
    assert organisation(app, "UNDP") is not None


def test_an_organisation_used_since_the_confirmation_page_is_kept(app, client, sign_in):
    sign_in("admin")
    organisation_form(client, acronym="LATE", name="Late partner", kind="funder").submit(client)
    late = organisation(app, "LATE")
    asked = client.get(f"/admin/organisations/{late.id}/delete")
    with app.app_context():  # meanwhile, someone names it in a project
        project_id = db.session.scalar(select(Project.id).order_by(Project.id))
        db.session.add(ProjectOrganisation(project_id=project_id, organisation_id=late.id, role=1))
        db.session.commit()
    refused = page_form(asked, "#delete-organisation-form").submit(client)
    assert refused.status_code == 409
    assert "LATE is used by 1 project," in refused.text
    assert organisation(app, "LATE") is not None


def test_an_unused_organisation_is_deleted_after_confirmation(app, client, sign_in):
    sign_in("admin")
    organisation_form(client, acronym="TMP", name="Temporary", kind="other").submit(client)
    temporary = organisation(app, "TMP")
    asked = client.get(f"/admin/organisations/{temporary.id}/delete")
    assert "Delete TMP – Temporary?" in asked.text
    assert organisation(app, "TMP") is not None
    response = page_form(asked, "#delete-organisation-form").submit(client)
    assert response.status_code == 302
    assert "Deleted TMP – Temporary." in client.get(response.location).text
    assert organisation(app, "TMP") is None


def test_a_new_un_entity_is_offered_by_the_dashboards_filter_at_once(client, sign_in):
    sign_in("admin")
    assert "<option>UNITAR</option>" not in client.get("/dashboard").text  # choices now cached
    form = organisation_form(
        client, acronym="UNITAR", name="United Nations Institute for Training and Research",
        kind="un_entity",
    )  # fmt: skip
    assert form.submit(client).status_code == 302
    assert "<option>UNITAR</option>" in client.get("/dashboard").text
