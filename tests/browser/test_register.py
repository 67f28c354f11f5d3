"""The register in a real browser: filter, sort, page, go back; and on a phone."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


def budgets(page: Page) -> list[int]:
    cells = page.locator("td[data-label=Budget]").all_inner_texts()
    return [int(re.sub(r"\D", "", text)) for text in cells]


def first_code(page: Page) -> str:
    return page.locator("td[data-label=Code]").first.inner_text()


def test_filter_sort_page_and_come_back(page: Page, live_server):
    page.goto(live_server.base_url + "/projects")
    expect(page.locator("#result-count")).to_contain_text("235 projects match")

    page.get_by_label("SDG goal").select_option("16")
    page.get_by_role("button", name="Show projects").click()
    expect(page).to_have_url(re.compile(r"/projects\?goal=16$"))  # empty fields left out
    expect(page.locator("#result-count")).to_contain_text("56 projects match")
    for row in page.locator("tbody tr").all()[:5]:
        expect(row.locator(".goal-badge.goal-16")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Budget")).click()
    expect(page).to_have_url(re.compile(r"goal=16&sort=budget$"))
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Budget")
    on_page_one = budgets(page)
    assert len(on_page_one) == 50 and on_page_one == sorted(on_page_one, reverse=True)
    first_sorted = first_code(page)

    page.get_by_role("link", name="Next ›").click()
    expect(page).to_have_url(re.compile(r"goal=16&sort=budget&page=2$"))
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Page 2")
    on_page_two = budgets(page)
    assert len(on_page_two) == 6 and max(on_page_two) <= min(on_page_one)

    page.go_back()
    expect(page).to_have_url(re.compile(r"goal=16&sort=budget$"))
    assert first_code(page) == first_sorted and budgets(page) == on_page_one
    expect(page.get_by_label("SDG goal")).to_have_value("16")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/projects\?goal=16$"))
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Dates")


def test_filters_work_without_javascript(browser: Browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.base_url + "/projects")
    page.get_by_label("Status").select_option("2")
    page.get_by_label("Search code, title and description").fill("health")
    page.get_by_role("button", name="Show projects").click()
    expect(page).to_have_url(re.compile(r"/projects\?q=health&status=2$"))
    expect(page.locator("#result-count")).to_contain_text("projects match")
    statuses = page.locator("td[data-label=Status]").all_inner_texts()
    # "Implementation", tagged "needs updating" once its planned end has passed.
    assert statuses and all(status.startswith("Implementation") for status in statuses)
    context.close()


@pytest.mark.parametrize(
    "path", ["/projects", "/projects?goal=13&agency=UNDP&start_from=2015&sort=budget"]
)
def test_the_register_fits_a_phone_without_sideways_scrolling(page: Page, live_server, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.base_url + path)
    expect(page.locator("tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Each project reads as a card: its fields are labelled, the header row is hidden.
    expect(page.locator("thead")).to_have_css("position", "absolute")
    label = page.locator("td[data-label=Budget]").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Budget"'
