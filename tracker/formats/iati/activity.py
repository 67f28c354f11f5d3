"""The parts of reading one IATI activity that every element needs: where a problem is
(the element path), the narratives in each language, percentages and shares given for some
links only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from lxml import etree

from tracker.formats.iati.codes import XML_LANG, language_code
from tracker.formats.records import WARNING, Problem


class ActivityElements:
    """One ``<iati-activity>`` being read: its identifier, language and problems."""

    def __init__(self, index: int, element: etree._Element, problems: list[Problem]) -> None:
        self.element, self.problems = element, problems
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        self.where = f"iati-activity[{index}]"
        if self.identifier:
            self.where += f" ({self.identifier})"
        self.language = language_code(element.get(XML_LANG)) or "en"
        # Where the money elements' problems were told, so the budget's sum does not tell
        # them again in other words.
        self.money_told: set[tuple[str, str]] = set()

    def add(
        self,
        element: etree._Element,
        column: str,
        severity: str,
        message: str,
        *,
        skips: bool = False,
        money: bool = False,
    ) -> None:
        if element.sourceline:
            message = _("%(problem)s (line %(line)s)", problem=message, line=element.sourceline)
        where = self._path(element)
        if (where, column) in self.money_told:
            return
        if money:
            self.money_told.add((where, column))
        self.problems.append(Problem(where, column, severity, message, self.identifier, skips))

    def _path(self, element: etree._Element) -> str:
        steps = []
        while element is not None and element is not self.element:
            parent = element.getparent()
            same = [e for e in parent.iterchildren(element.tag)] if parent is not None else []
            steps.append(
                f"{element.tag}[{same.index(element) + 1}]" if len(same) > 1 else str(element.tag)
            )
            element = parent
        return "/".join([self.where, *reversed(steps)])

    def _narratives(self, element: etree._Element | None) -> dict[str, str]:
        """Language -> text of an element's narratives (a narrative without xml:lang is in
        the activity's language); several in one language are joined."""
        found: dict[str, list[str]] = {}
        if element is not None:
            for narrative in element.iterchildren("narrative"):
                language = language_code(narrative.get(XML_LANG)) or self.language
                text = " ".join((narrative.text or "").split())
                if text:
                    found.setdefault(language, []).append(text)
        return {language: "\n\n".join(texts) for language, texts in found.items()}

    def _percentage(self, element: etree._Element) -> Decimal | None:
        text = (element.get("percentage") or "").strip()
        if not text:
            return None
        try:
            share = Decimal(text)
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite() or not 0 <= share <= 100:
            message = _("%(text)s is not a percentage (0 to 100); ignored.", text=repr(text))
            self.add(element, "percentage", WARNING, message)
            return None
        return share

    def _consistent(self, shares: list, message: LazyString) -> list:
        """Shares given for some links but not others cannot be kept (all or none); the
        ``message`` says so."""
        given = [share is not None for _code, share in shares]
        if any(given) and not all(given):
            self.add(self.element, "percentage", WARNING, str(message))
            return [(code, None) for code, _share in shares]
        return shares
