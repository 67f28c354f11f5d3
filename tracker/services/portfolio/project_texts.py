"""A project's title and description in the reader's language.

A project is recorded in one language (``Project.language``, English unless imported
otherwise) and may carry its title and description in others (``ProjectText``). Pages show
the reader's language where the project has it, else the project's own text, marked as a
fallback so the page can say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tracker.models import Project


@dataclass(frozen=True)
class ShownText:
    text: str
    language: str  # the language the text is written in
    fallback: bool  # not in the reader's language


def shown_text(
    own: str, own_language: str, translations: Mapping[str, str], language: str
) -> ShownText:
    """``translations[language]`` where the project was not recorded in the reader's
    language and the translation is filled in; else the project's own text."""
    if language == own_language:
        return ShownText(own, own_language, False)
    translated = translations.get(language) or ""
    if translated.strip():
        return ShownText(translated, language, False)
    return ShownText(own, own_language, True)


def project_title(project: Project, language: str) -> ShownText:
    """The title in ``language`` (reads ``project.texts``)."""
    texts = {text.language: text.title for text in project.texts}
    return shown_text(project.title, project.language or "en", texts, language)


def project_description(project: Project, language: str) -> ShownText:
    """The description in ``language`` (reads ``project.texts``)."""
    texts = {text.language: text.description for text in project.texts}
    return shown_text(project.description or "", project.language or "en", texts, language)


def other_language_texts(project: Project | None) -> dict[str, tuple[str, str]]:
    """The project's texts as ``ProjectData.texts`` holds them: language -> (title,
    description)."""
    if project is None:
        return {}
    return {text.language: (text.title, text.description) for text in project.texts}
