"""A reader switches the interface to Kazakh or Russian in a real browser: the main pages
then show no English interface text, keep the choice, and still fit a laptop and a phone.

The English sentences looked for are the message catalogue's own (the helpers of
``tests/test_translations.py``), so project data in English (the illustrative titles, sector
and place names) does not count; the expected Kazakh and Russian texts come from the
compiled catalogues.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.support import Translations
from playwright.sync_api import Page, expect

from tests.conftest import password_of
from tests.test_translations import _english_sentences, _extracted
from tracker.i18n import LANGUAGES, TRANSLATIONS

pytestmark = pytest.mark.browser

TRANSLATED = [code for code in LANGUAGES if code != "en"]
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
# A laptop, a small laptop or tablet on its side (the register table is wider than it), a phone.
VIEWPORTS = (
    {"width": 1280, "height": 800},
    {"width": 1024, "height": 768},
    {"width": 360, "height": 740},
)
NOT_SAVED = (
    "The project was not saved: %(num)s field needs attention. The messages are next to the "
    "fields.",
    "The project was not saved: %(num)s fields need attention. The messages are next to the "
    "fields.",
)

# The page's text as a reader sees it, folded sections opened (their text is interface too).
BODY_TEXT = """() => {
  document.querySelectorAll("details").forEach(details => { details.open = true; });
  return document.body.innerText;
}"""

# The element sticking out furthest to the right of the window (the deepest of equals), not
# counting those inside a box that scrolls or clips sideways: what makes the page scroll.
WIDEST = """() => {
  const limit = window.innerWidth;
  const clipped = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  let worst = null;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > limit + 0.5 && (!worst || box.right >= worst.right) && !clipped(element)) {
      worst = {element, right: box.right, width: box.width};
    }
  }
  if (!worst) return "no single element found";
  const e = worst.element;
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map(c => "." + c).join("");
  const text = (e.innerText || e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 80);
  return `${name} (right edge ${Math.round(worst.right)}px, width ${Math.round(worst.width)}px)`
    + `: "${text}"`;
}"""


@cache
def english_sentences() -> tuple[str, ...]:
    return tuple(_english_sentences(_extracted()))


@cache
def catalogue(language: str) -> Translations:
    translations = Translations.load(str(TRANSLATIONS), [language])
    assert isinstance(translations, Translations), f"no compiled catalogue for {language}"
    return translations


def translated(language: str, message: str, **values) -> str:
    text = catalogue(language).gettext(message)
    assert text != message, f"{message!r} has no {language} translation"
    return text % values if values else text


def html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


def switch_language(page: Page, base: str, language: str) -> None:
    """Open the home page in English and choose the language in the page's own switcher."""
    page.goto(base + "/")
    assert html_lang(page) == "en"
    switcher = page.locator("nav.languages")
    switcher.get_by_role("link", name=LANGUAGES[language], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page).to_have_url(base + "/")  # back on the page the reader was on
    expect(switcher.locator(f'a[hreflang="{language}"]')).to_have_attribute("aria-current", "true")


def sign_in(page: Page, base: str, role: str = "analyst") -> None:
    """Sign in through the form, by its fields' names (their labels are translated)."""
    username, password = password_of(role)
    page.goto(base + "/sign-in")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account form button[type=submit]")).to_be_visible()  # "Sign out"


def open_first_project(page: Page, base: str) -> None:
    """Follow the first project link of the register (opened unless the page is on it)."""
    if page.url != base + "/projects":
        page.goto(base + "/projects")
    page.locator("table.register td.col-title a").first.click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    page.wait_for_load_state()


def submit_empty_project_form(page: Page, base: str) -> None:
    page.goto(base + "/projects/new")
    page.locator("form.project-form button[type=submit]").click()
    expect(page.locator(".form-errors[role=alert]")).to_be_visible()
    page.wait_for_load_state()


def assert_no_english(page: Page, language: str, where: str) -> str:
    """The page is in the language, and none of the catalogue's English sentences shows."""
    assert html_lang(page) == language, f"{where}: the language was not kept"
    text = " ".join(page.evaluate(BODY_TEXT).split())
    leaked = sorted({sentence for sentence in english_sentences() if sentence in text})
    assert not leaked, f"English interface text on {where} in {language}: {leaked}"
    return text


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_main_pages_show_no_english_after_switching_language(page: Page, live_server, language):
    base = live_server.base_url
    switch_language(page, base, language)

    pages = [  # (page, a text of the page's own in the language)
        ("/", translated(language, "Portfolio overview")),
        ("/dashboard", translated(language, "Where the portfolio stands")),
        ("/dashboard/sdg/13", translated(language, "Goal %(number)s", number=13)),
        ("/dashboard/sdg", translated(language, "The portfolio by SDG goal")),
        ("/changes?days=all", translated(language, "Recent changes")),
        ("/sign-in", translated(language, "Viewers read and export; analysts also record "
                                          "projects and status changes.")),
        ("/projects", translated(language, "Project register")),  # last: the next step uses it
    ]  # fmt: skip
    for path, expected in pages:
        page.goto(base + path)
        text = assert_no_english(page, language, path)
        assert expected in text, f"{path} in {language}: {expected!r} is not on the page"

    open_first_project(page, base)
    text = assert_no_english(page, language, f"the project page {page.url}")
    assert translated(language, "Facts") in text

    sign_in(page, base)
    assert_no_english(page, language, "the page after signing in")

    submit_empty_project_form(page, base)
    text = assert_no_english(page, language, "/projects/new with errors")
    not_saved = catalogue(language).ngettext(*NOT_SAVED, 1).split("%(num)s")[0].strip()
    assert not_saved and not_saved in text, f"{not_saved!r} is not on the form"
    errors = page.locator(".field-error").all_inner_texts()
    assert errors, "the empty form shows no field errors"
    untranslated = [error for error in errors if not CYRILLIC.search(error)]
    assert not untranslated, f"field errors not in {language}: {untranslated}"

    page.goto(base + "/import")
    text = assert_no_english(page, language, "/import")
    assert translated(language, "Import projects") in text

    page.locator("a.who").click()  # one's own account, from the name in the header
    text = assert_no_english(page, language, "/account")
    assert translated(language, "Change your password") in text

    # The choice stays when the reader comes back to the home page.
    page.goto(base + "/")
    assert html_lang(page) == language
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(language, "Portfolio overview")
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_main_pages_fit_a_laptop_and_a_phone_in_the_language(page: Page, live_server, language):
    base = live_server.base_url
    switch_language(page, base, language)
    sign_in(page, base)
    visits = [  # the project page is the first one of the register, open just before it
        ("/projects", lambda: page.goto(base + "/projects")),
        ("a project page", lambda: open_first_project(page, base)),
        ("/projects/new with errors", lambda: submit_empty_project_form(page, base)),
        ("/dashboard", lambda: page.goto(base + "/dashboard")),
        ("/account", lambda: page.goto(base + "/account")),
    ]
    overflowing = []
    for where, visit in visits:
        page.set_viewport_size(VIEWPORTS[0])
        visit()
        assert html_lang(page) == language, f"{where}: the language was not kept"
        for viewport in VIEWPORTS:  # the same page narrowed, as on a phone (CSS-only layout)
            page.set_viewport_size(viewport)
            scroll_width, width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert width == viewport["width"]
            if scroll_width > width:
                overflowing.append(
                    f"{where} at {width}px is {scroll_width}px wide; widest: "
                    + page.evaluate(WIDEST)
                )
    assert not overflowing, f"sideways scrolling in {language}:\n" + "\n".join(overflowing)


# Each word of a goal tile's title that the browser split across two lines.
SPLIT_WORDS = """() => [...document.querySelectorAll('.tile-title')].flatMap(title => {
  const text = title.firstChild, split = [];
  let start = 0;
  for (const word of title.textContent.split(' ')) {
    const range = document.createRange();
    range.setStart(text, start); range.setEnd(text, start + word.length);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    if (tops.size > 1) split.push(word);
    start += word.length + 1;
  }
  return split;
})"""


@pytest.mark.parametrize("language", TRANSLATED)
def test_goal_tiles_keep_every_word_whole_in_the_language(page: Page, live_server, language):
    switch_language(page, live_server.base_url, language)
    page.goto(live_server.base_url + "/dashboard/sdg")
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        assert page.evaluate(SPLIT_WORDS) == [], f"split at {viewport['width']}px"
