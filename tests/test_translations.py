"""Interface languages: choosing one, complete catalogues, and no text left untranslated.

Three checks keep English from leaking into the Kazakh and Russian interface:
- every template's text and every label-like attribute goes through gettext (the
  templates are read with Jinja's own lexer, so text inside ``{{ _(...) }}`` and
  ``{% trans %}`` is told apart from bare text);
- every message extracted from the code and templates is translated into kk and ru (not
  fuzzy, same placeholders), and the compiled ``.mo`` files match the ``.po`` files;
- pages rendered in kk and ru contain none of the catalogue's English sentences.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import i18n as jinja_i18n

from tracker.config import ROOT
from tracker.i18n import LANGUAGES, TRANSLATIONS

TEMPLATES = ROOT / "templates"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
# Words that are the same in every language of the tracker: standards, formats, codes.
UNTRANSLATABLE = {
    "IATI", "CSV", "XML", "JSON", "API", "UTF-8", "ISO", "DAC", "OpenAPI", "USD", "KZT", "UN",
    "UNDP", "YYYY-MM-DD", "Excel", "Bearer", "curl", "kk", "ru", "en",
}  # fmt: skip
LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
LETTERS = re.compile(r"[A-Za-z]{2,}")


def _blank(match: re.Match) -> str:
    """A space for what a pattern removes, keeping its line breaks (and so line numbers)."""
    return " " + "\n" * match.group(0).count("\n")


def _bare_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of template text a reader sees that is not translated: the HTML's
    text and label-like attribute values, outside every Jinja expression, tag and
    ``{% trans %}`` block."""
    env = Environment(extensions=[jinja_i18n])
    env.parse(source)  # the template compiles with the i18n extension
    pieces, in_trans, after_block_begin = [], False, False
    for _, kind, value in env.lex(source):
        if kind == "name" and after_block_begin:
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        if kind != "whitespace":  # "{% trans" lexes as block_begin, whitespace, name
            after_block_begin = kind == "block_begin"
        if kind == "data" and not in_trans:
            pieces.append(value)
        else:  # Jinja's part (and translated text): a placeholder with the same line breaks
            pieces.append("\x00" + "\n" * value.count("\n"))
    text = "".join(pieces)
    found = []

    def report(position: int, words_of: str) -> None:
        words = [w for w in LETTERS.findall(words_of) if w not in UNTRANSLATABLE]
        if words:
            found.append((text.count("\n", 0, position) + 1, " ".join(words)[:80]))

    labels = "|".join(LABEL_ATTRIBUTES)
    for match in re.finditer(r"\b(?:" + labels + r')="([^"]*)"', text):
        report(match.start(), match.group(1))
    text = re.sub(r"<!--.*?-->", _blank, text, flags=re.S)
    text = re.sub(r"<[^>]*>", _blank, text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    position = 0
    for line in text.split("\n"):
        report(position, line)
        position += len(line) + 1
    return found


@pytest.mark.parametrize(
    "template", sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))
)
def test_every_text_in_the_template_is_translatable(template):
    source = (TEMPLATES / template).read_text()
    bare = [f"line {line}: {text}" for line, text in _bare_text(source)]
    assert not bare, "text outside _() or {% trans %}:\n" + "\n".join(bare)


def _catalogue(language: str) -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _extracted() -> Catalog:
    """The messages the code and templates hold now (what `make translations` extracts)."""
    with tempfile.TemporaryDirectory() as folder:  # runs beside another check never clash
        output = Path(folder) / "messages.pot"
        subprocess.run(
            [str(Path(sys.executable).parent / "pybabel"), "extract",
             "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
             "--no-location", "-o", str(output), "."],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        with output.open("rb") as handle:
            return read_po(handle)


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return _extracted()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(extracted, language):
    catalogue = _catalogue(language)
    missing, fuzzy, placeholders = [], [], []
    for message in extracted:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        if found is None or not (found.string if isinstance(found.string, str)
                                 else all(found.string)):  # fmt: skip
            missing.append(message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
        else:
            sources = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [found.string] if isinstance(found.string, str) else list(found.string)
            named = [set(re.findall(r"%\((\w+)\)s", text)) for text in sources]
            # A plural's forms may name the number where English says "one" (Russian's first
            # form also serves 21, 31, ...), but must keep what both English forms name.
            always, allowed = set.intersection(*named), set.union(*named)
            if any(not always <= set(re.findall(r"%\((\w+)\)s", text)) <= allowed
                   for text in strings):  # fmt: skip
                placeholders.append(message.id)
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:20]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:20]}"
    assert not placeholders, f"placeholders differ in {language}: {placeholders[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(language):
    def key(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    source = {key(m.id): key(m.string) for m in _catalogue(language)
              if m.id and not m.fuzzy and (all(m.string) if key(m.string) else False)}  # fmt: skip
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = {key(m.id): key(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source, "run `make translations` to compile the catalogues"


def test_the_catalogues_hold_nothing_the_code_no_longer_uses(extracted):
    used = {message.id for message in extracted if message.id}
    for language in TRANSLATED:
        stale = [m.id for m in _catalogue(language) if m.id and m.id not in used]
        assert not stale, f"{language}: {stale[:10]} (run `make translations`)"


def _english_sentences(extracted: Catalog) -> list[str]:
    """Catalogue texts long enough that finding one on a page means it was not translated."""
    sentences = []
    for message in extracted:
        text = message.id if isinstance(message.id, str) else message.id[0] if message.id else ""
        plain = re.sub(r"%\(\w+\)[sd]|<[^>]+>", "|", text)
        sentences.extend(part.strip() for part in plain.split("|")
                         if len(part.strip().split()) >= 3)  # fmt: skip
    return sentences


PAGES = ("/", "/dashboard", "/dashboard/sdg", "/dashboard/sdg/6", "/dashboard/heatmap",
         "/projects", "/projects?status=2&goal=13", "/sign-in", "/no-such-page")  # fmt: skip


@pytest.mark.parametrize("language", TRANSLATED)
def test_pages_show_no_english_interface_text(client, extracted, language):
    client.set_cookie("lang", language)
    sentences = _english_sentences(extracted)
    for path in PAGES:
        html = client.get(path).get_data(as_text=True)
        assert f'<html lang="{language}">' in html, path
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        leaked = [sentence for sentence in sentences if sentence in text]
        assert not leaked, f"{path} in {language}: {leaked[:5]}"


def test_the_browser_language_decides_the_first_visit(client):
    html = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(True)
    assert '<html lang="ru">' in html
    html = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(True)
    assert '<html lang="en">' in html


def test_a_chosen_language_is_remembered_and_leads_back(client):
    response = client.get("/language/kk?next=/projects%3Fstatus%3D2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/projects?status=2"
    assert "lang=kk" in response.headers["Set-Cookie"]
    html = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="kk">' in html  # the choice wins over the browser's preference
    assert 'lang="kk" hreflang="kk" aria-current="true"' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_the_language_switch_only_leads_to_pages_of_the_tracker(client, target):
    response = client.get("/language/ru", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/de").status_code == 404


def test_the_languages_are_named_in_their_own_language(client):
    html = client.get("/").get_data(as_text=True)
    for code, name in LANGUAGES.items():
        assert f'lang="{code}" hreflang="{code}"' in html and name in html


def test_every_language_catalogue_exists():
    for language in TRANSLATED:
        assert Path(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").exists()


def test_the_json_api_answers_in_english_whatever_the_browser_asks(client, sign_in):
    sign_in("viewer")
    client.set_cookie("lang", "kk")
    response = client.get("/api/v1/projects?status=9", headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    body = response.get_json()
    texts = [body["message"], *(text for texts in body["problems"].values() for text in texts)]
    assert texts[1].startswith("Status")
    assert not any(re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", text) for text in texts)


def test_the_forms_rule_messages_come_in_the_readers_language(client, sign_in):
    from tests.forms import page_form

    sign_in("analyst")
    client.set_cookie("lang", "kk")
    form = page_form(client.get("/projects/new"), ".project-form")
    for name, value in {
        "code": "KK-RULES-1",
        "title": "Сынақ",
        "status": "2",
        "budget": "-5",
        "planned_start": "2026-01-01",
        "planned_end": "2025-01-01",
    }.items():
        form.set(name, value)
    html = form.submit(client).get_data(as_text=True)
    assert "Жоба қызмет ететін кемінде бір ТДМ міндетін таңдаңыз." in html
    assert "Жоспарлы аяқталуы жоспарлы басталуынан бұрын тұр." in html
    assert "Choose at least one SDG target" not in html
