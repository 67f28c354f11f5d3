"""Exchange rates through the admin pages: the list, the form, deleting, the CSV download and
the CSV import with its preview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token
from tests.forms import page_form
from tracker.extensions import db
from tracker.formats.csv_rates import read_rates_csv
from tracker.models import AnnualFigure, ExchangeRate, Project

NBK = "National Bank of Kazakhstan, official monthly average"
HEADER = "currency,quote_currency,month,rate,source\n"


@pytest.fixture
def app(make_app, tmp_path):
    return make_app(RATE_IMPORT_FOLDER=str(tmp_path / "rates"))


def stored_rates(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(ExchangeRate.currency, ExchangeRate.quote_currency, ExchangeRate.month,
                   ExchangeRate.rate, ExchangeRate.source).order_by(ExchangeRate.month)
        ).all()  # fmt: skip
        return [tuple(row) for row in rows]


def add_rate(app, currency="KZT", quote="USD", month=date(2024, 3, 1), rate="0.0021") -> int:
    with app.app_context():
        row = ExchangeRate(currency=currency, quote_currency=quote, month=month,
                           rate=Decimal(rate), source=NBK)  # fmt: skip
        db.session.add(row)
        db.session.commit()
        return row.id


def rate_form(client, url="/admin/rates/new", **fields):
    form = page_form(client.get(url), "#rate-form")
    for name, value in fields.items():
        form.set(name, value)
    return form


ROUTES = [
    ("GET", "/admin/rates"), ("GET", "/admin/rates/new"), ("POST", "/admin/rates/new"),
    ("GET", "/admin/rates/{id}"), ("POST", "/admin/rates/{id}"),
    ("GET", "/admin/rates/{id}/delete"), ("POST", "/admin/rates/{id}/delete"),
    ("GET", "/admin/rates/export.csv"), ("GET", "/admin/rates/import"),
    ("POST", "/admin/rates/import"), ("GET", "/admin/rates/import/" + "t" * 32),
    ("POST", "/admin/rates/import/" + "t" * 32),
]  # fmt: skip


@pytest.mark.parametrize("role", ["anonymous", "viewer", "analyst"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_only_admins_reach_the_rate_pages(app, client, sign_in, role, method, path):
    rate_id = add_rate(app)
    if role != "anonymous":
        sign_in(role)
    url = path.format(id=rate_id)
    if method == "GET":
        response = client.get(url)
    else:
        # No page gives them these forms: a forged request, on purpose.
        token = csrf_token(client.get("/sign-in" if role == "anonymous" else "/").text)
        response = client.post(url, data={"csrf_token": token, "currency": "EUR"})
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert len(stored_rates(app)) == 1


def test_the_empty_page_says_what_rates_are_for_and_the_nav_links_it(client, sign_in):
    sign_in("admin")
    page = client.get("/admin/rates").text
    assert "No exchange rates yet." in page
    assert "The reporting currency is <strong>USD</strong>" in page
    assert 'href="/admin/rates"' in page and 'href="/admin/organisations"' in page


def test_the_nav_links_are_only_shown_to_admins(client, sign_in):
    sign_in("analyst")
    page = client.get("/").text
    assert 'href="/admin/rates"' not in page and 'href="/admin/organisations"' not in page


def test_an_admin_adds_a_rate_through_the_form(app, client, sign_in):
    sign_in("admin")
    form = rate_form(client, currency="KZT", month="2024-03", rate="0.00213", source=NBK)
    assert form["quote_currency"] == "USD"  # the reporting currency by default
    assert "" in form.options("currency")  # no currency is chosen for the admin
    response = form.submit(client)
    assert response.status_code == 302, response.text
    assert stored_rates(app) == [("KZT", "USD", date(2024, 3, 1), Decimal("0.00213"), NBK)]
    page = client.get(response.location).text
    assert "Saved: 1 KZT = 0.00213 USD in 2024-03" in page
    assert '1 KZT = <span class="num">0.00213</span> USD' in page


def test_the_form_explains_each_problem_and_keeps_what_was_typed(app, client, sign_in):
    sign_in("admin")
    response = rate_form(client, month="2024-13", rate="1,5", source="").submit(client)
    assert response.status_code == 422
    form = page_form(response, "#rate-form")
    assert form["month"] == "2024-13" and form["rate"] == "1,5"
    page = response.text
    assert "Choose a currency." in page
    assert "Give a month from 1900 to 2200 as YYYY-MM" in page
    assert "Use a point for decimals" in page
    assert "Say who published the rate" in page
    same = rate_form(client, currency="USD", month="2024-03", rate="1", source=NBK).submit(client)
    assert "The quote currency must differ from the currency" in same.text
    assert stored_rates(app) == []


def test_a_rate_with_many_decimals_is_rounded_and_the_admin_told(app, client, sign_in):
    sign_in("admin")
    form = rate_form(client, currency="KZT", month="2024-04", rate="0.0021276595744", source=NBK)
    page = client.get(form.submit(client).location).text
    assert "has more than 8 decimals and is kept as 0.00212766" in page
    assert stored_rates(app)[0][3] == Decimal("0.00212766")


def test_a_duplicate_month_is_refused_with_a_link_to_the_stored_rate(app, client, sign_in):
    rate_id = add_rate(app)
    sign_in("admin")
    form = rate_form(client, currency="KZT", month="2024-03", rate="0.0030", source=NBK)
    response = form.submit(client)
    assert response.status_code == 422
    assert "There is already a rate of KZT in USD for 2024-03 (0.0021" in response.text
    assert f'href="/admin/rates/{rate_id}"' in response.text
    assert stored_rates(app)[0][3] == Decimal("0.0021")


def test_an_admin_edits_and_deletes_a_rate(app, client, sign_in):
    rate_id = add_rate(app)
    sign_in("admin")
    form = page_form(client.get(f"/admin/rates/{rate_id}"), "#rate-form")
    assert (form["currency"], form["month"], form["rate"]) == ("KZT", "2024-03", "0.0021")
    form.set("rate", "0.0022").set("source", "NBK, revised")
    assert form.submit(client).status_code == 302
    assert stored_rates(app) == [
        ("KZT", "USD", date(2024, 3, 1), Decimal("0.0022"), "NBK, revised")
    ]
    asked = client.get(f"/admin/rates/{rate_id}/delete")
    assert "Delete the rate 1 KZT = 0.0022 USD in 2024-03?" in asked.text
    assert stored_rates(app)  # asking deletes nothing
    response = page_form(asked, "#delete-rate-form").submit(client)
    assert response.status_code == 302
    assert stored_rates(app) == []


def test_the_list_names_the_years_the_portfolio_lacks_rates_for(app, client, sign_in):
    with app.app_context():
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        for year in (2019, 2020, 2021, 2023):
            db.session.add(AnnualFigure(project_id=project.id, year=year, measure="required",
                                        amount=Decimal(1000), currency="KZT"))  # fmt: skip
        db.session.commit()
    add_rate(app, month=date(2023, 5, 1))
    sign_in("admin")
    page = client.get("/admin/rates").text
    assert "<strong>KZT</strong>:" in page
    assert "no rate for 2019–2021" in page
    assert "2023 has rates for 1 of 12 months" in page
    # The add link opens the form on the first missing month.
    assert "/admin/rates/new?currency=KZT&amp;month=2019-01" in page
    form = page_form(client.get("/admin/rates/new?currency=KZT&month=2019-01"), "#rate-form")
    assert (form["currency"], form["month"]) == ("KZT", "2019-01")


def test_the_list_filters_by_currency_and_pages_newest_first(app, client, sign_in):
    with app.app_context():
        for month in range(1, 13):
            for year in range(2020, 2025):
                day = date(year, month, 1)
                db.session.add(ExchangeRate(currency="KZT", quote_currency="USD", source=NBK,
                                            month=day, rate=Decimal("0.002")))  # fmt: skip
        db.session.add(ExchangeRate(currency="EUR", quote_currency="USD", source="ECB",
                                    month=date(2024, 1, 1), rate=Decimal("1.09")))  # fmt: skip
        db.session.commit()
    sign_in("admin")
    page = client.get("/admin/rates?currency=kzt").text
    assert "60 rates" in page and "page 1 of 2" in page
    assert page.index("2024-12") < page.index("2024-11")
    assert "EUR" not in page.split("<tbody>")[1]
    second = client.get("/admin/rates?currency=KZT&page=2").text
    assert "2020-01" in second and "2024-12" not in second.split("<tbody>")[1]
    bad = client.get("/admin/rates?currency=%C3%9F%C3%9F&page=x").text
    assert "is not a currency code; all rates are shown." in bad
    assert "61 rates" in bad


def test_the_csv_download_reads_back_as_an_import(app, client, sign_in):
    add_rate(app)
    add_rate(app, currency="EUR", month=date(2024, 1, 1), rate="1.0875")
    sign_in("admin")
    response = client.get("/admin/rates/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    records, problems = read_rates_csv(response.data)
    assert problems == []
    assert [(r.currency, r.month, r.rate) for r in records] == [
        ("EUR", date(2024, 1, 1), Decimal("1.0875")), ("KZT", date(2024, 3, 1), Decimal("0.0021"))
    ]  # fmt: skip


def upload(client, text: str, name: str = "rates.csv"):
    form = page_form(client.get("/admin/rates/import"), "#rates-upload-form")
    return form.attach("file", text.encode(), name).submit(client)


def test_an_import_is_previewed_then_stored_whole(app, client, sign_in):
    add_rate(app)
    sign_in("admin")
    text = (HEADER + f"KZT,USD,2024-03,0.0022,\"{NBK}\"\n" + f"KZT,USD,2024-04,0.00215,\"{NBK}\"\n"
            + 'EUR,USD,2024-04,1.08,"ECB, reference rate"\n')  # fmt: skip
    response = upload(client, text)
    assert response.status_code == 302
    preview = client.get(response.location)
    page = preview.text
    assert "Nothing has been saved yet." in page
    assert "1 KZT = 0.0021 USD (" in page  # the rate it replaces
    assert "Import: add 2, change 1" in page
    assert len(stored_rates(app)) == 1  # the preview stores nothing
    done = page_form(preview, "#confirm-form").submit(client)
    assert done.status_code == 302
    assert (
        "Imported rates.csv: 2 added, 1 changed, 0 already as the file says."
        in client.get(done.location).text
    )
    assert {(c, m, r) for c, _q, m, r, _s in stored_rates(app)} == {
        ("KZT", date(2024, 3, 1), Decimal("0.0022")),
        ("KZT", date(2024, 4, 1), Decimal("0.00215")),
        ("EUR", date(2024, 4, 1), Decimal("1.08")),
    }


def test_a_file_with_any_problem_stores_nothing_and_says_where(app, client, sign_in):
    sign_in("admin")
    text = (HEADER + f"KZT,USD,2024-03,0.0022,\"{NBK}\"\n" + "KZT,USD,March 2024,0.0021,NBK\n"
            + "XXX,USD,2024-05,-2,\n")  # fmt: skip
    preview = client.get(upload(client, text).location)
    page = preview.text
    assert "Nothing can be imported" in page
    assert 'id="confirm-form"' not in page
    assert "Give a month from 1900 to 2200 as YYYY-MM, such as 2024-03, not “March 2024”." in page
    assert "A rate is more than 0, not -2." in page
    assert "XXX is not a currency the tracker knows" not in page  # the row was unreadable
    problem_rows = page.split('id="problems"')[1]
    for line, column in (("line 3", "month"), ("line 4", "rate"), ("line 4", "source")):
        assert f"<td>{line}</td><td>{column}</td>" in problem_rows
    assert stored_rates(app) == []


def test_a_confirmation_after_the_rates_changed_shows_the_new_preview(app, client, sign_in):
    sign_in("admin")
    preview = client.get(upload(client, HEADER + f'KZT,USD,2024-03,0.0022,"{NBK}"\n').location)
    add_rate(app)  # someone stores March meanwhile
    response = page_form(preview, "#confirm-form").submit(client)
    assert response.status_code == 409
    assert "The stored rates changed since you saw the preview" in response.text
    assert "Import: add 0, change 1" in response.text
    assert stored_rates(app)[0][3] == Decimal("0.0021")


def test_another_kind_of_held_upload_is_not_a_rates_preview(app, client, sign_in):
    sign_in("admin")
    form = page_form(client.get("/import"), "#upload-form")
    token = form.attach("file", b"code,title\nX-1,T\n", "p.csv").submit(client).location
    assert client.get("/admin/rates/import/" + token.rsplit("/", 1)[-1]).status_code == 404
