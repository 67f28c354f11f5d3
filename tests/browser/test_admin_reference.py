"""An admin keeps the reference the money needs, in a real browser: enters an exchange rate
and finds it listed, and adds an organisation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import field, new_person, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_enters_a_rate_and_sees_it_listed(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, new_person(live_server, "admin", "Admin"))
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Exchange rates", exact=True).click()
    expect(page.get_by_role("heading", name="Exchange rates")).to_be_visible()
    page.get_by_role("link", name="Add a rate").click()

    expect(page.get_by_label("Quote currency")).to_have_value("USD")
    page.get_by_label("Currency", exact=True).select_option("KZT")
    page.get_by_label("Month").fill("2024-03")
    page.get_by_label("Rate").fill("0,00213")
    page.get_by_label("Source").fill("National Bank of Kazakhstan, official monthly average")
    page.get_by_role("button", name="Save the rate").click()
    expect(field(page, "rate").locator(".field-error")).to_contain_text("Use a point for decimals")
    expect(page.get_by_label("Month")).to_have_value("2024-03")

    page.get_by_label("Rate").fill("0.00213")
    page.get_by_role("button", name="Save the rate").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: 1 KZT = 0.00213 USD in 2024-03")
    row = page.locator("table.rates-table tbody tr", has_text="2024-03")
    expect(row).to_have_count(1)
    expect(row.locator(".rate")).to_have_text("1 KZT = 0.00213 USD")
    expect(row.locator(".source")).to_have_text(
        "National Bank of Kazakhstan, official monthly average"
    )


def test_an_admin_adds_an_organisation_and_finds_it_by_searching(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, new_person(live_server, "admin", "Admin"))
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name="Add an organisation").click()

    page.get_by_label("Acronym").fill("ADB")
    page.get_by_label("Name").fill("Asian Development Bank")
    page.get_by_label("Kind").select_option(label="Funder")
    page.get_by_label("IATI organisation identifier (optional)").fill("XM DAC 46004")
    page.get_by_role("button", name="Add the organisation").click()
    expect(field(page, "iati_ref").locator(".field-error")).to_contain_text("has no spaces")
    expect(page.get_by_label("Name")).to_have_value("Asian Development Bank")

    page.get_by_label("IATI organisation identifier (optional)").fill("XM-DAC-46004")
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_role("status")).to_have_text("Added ADB – Asian Development Bank.")

    page.get_by_role("searchbox", name="Search").fill("asian")
    page.get_by_role("button", name="Search").click()
    row = page.locator("table.organisations-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".kind")).to_have_text("Funder")
    expect(row.locator(".iati-ref")).to_have_text("XM-DAC-46004")
    expect(row.locator(".projects")).to_have_text("0")
    row.get_by_role("link", name="Delete (ADB)").click()
    page.get_by_role("button", name="Delete the organisation").click()
    expect(page.get_by_role("status")).to_have_text("Deleted ADB – Asian Development Bank.")
