"""Interface languages: Kazakh, Russian and English, with Flask-Babel's gettext catalogues.

The language is the one the reader chose (a cookie set by ``/language/<code>``), else the
browser's preferred one among ours, else English. Command-line commands speak the language
of their environment: ``TRACKER_LANGUAGE``, else the usual ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` or ``LANG`` (``LANG=kk_KZ.UTF-8 flask --app tracker import-csv ...``).
Catalogues live in ``tracker/translations/<lang>/LC_MESSAGES/messages.po``; the compiled
``.mo`` files are kept beside them (a test checks they match), so a clone runs without a
build step.

Reference texts that come translated in the data (SDG goals, targets, indicators; project
titles in other languages) are picked by ``localized``, which says when it fell back to
English so a page can mark it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request
from flask_babel import Babel, get_locale, gettext
from markupsafe import Markup

# In the order the switcher shows them; each name in its own language.
LANGUAGES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
TRANSLATIONS = Path(__file__).resolve().parent / "translations"

babel = Babel()


# Where a command line's language comes from, first that is set wins (gettext's order).
ENVIRONMENT = ("TRACKER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment_language() -> str:
    """The command line's language: ``kk_KZ.UTF-8`` -> ``kk``; English when the first
    variable set names no language of ours (``C.UTF-8`` is English)."""
    for name in ENVIRONMENT:
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may list several, by preference
            code = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":  # a list of languages none of which is ours says nothing
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def select_language() -> str:
    """The reader's choice, else the browser's preference, else English; outside a request
    (the command line), the environment's language."""
    if not has_request_context():
        return environment_language()
    if request.path.startswith("/api/"):
        return DEFAULT_LANGUAGE  # the JSON API answers scripts, in one language
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def localized(item: Any, field: str, language: str | None = None) -> tuple[str, bool]:
    """``item.<field>_<language>`` when it is filled, else the English ``<field>_en``;
    the flag says the text is the English fallback."""
    language = language or current_language()
    if language != "en":
        text = getattr(item, f"{field}_{language}", "") or ""
        if text.strip():
            return text, False
    return getattr(item, f"{field}_en"), language != "en"


def loc(item: Any, field: str) -> Markup:
    """Template helper: ``{{ loc(goal, "short_title") }}`` in the reader's language; an English
    fallback is marked with ``lang="en"`` and a class the stylesheet shows discreetly."""
    text, fallback = localized(item, field)
    if not fallback:
        return Markup.escape(text)
    note = gettext("Not yet translated; shown in English.")
    return Markup('<span lang="en" class="fallback-text" title="{}">{}</span>').format(note, text)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_language)

    @app.context_processor
    def _languages() -> dict:
        return {"languages": LANGUAGES, "current_language": current_language(), "loc": loc}
