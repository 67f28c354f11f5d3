"""Python modules hand no English sentence to a reader without marking it for translation.

Templates are checked in ``test_translations``; here every string literal that reads like a
sentence (two words or more) and is passed to a call or returned must go through gettext
(``_``, ``_l``, ``gettext``, ``lazy_gettext``, ``N_``), unless the call is one that never
reaches a reader in the interface's language (listed below, with the reason)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

TRANSLATED = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "N_"}

# Calls whose sentences are not interface text, by the callee's name.
NOT_FOR_READERS = {
    # Command-line --help stays in English, like Flask's and Click's own help.
    "option": "command-line help",
    "argument": "command-line help",
    "password_option": "command-line help",
    "AppGroup": "command-line help",
    # The database schema, SQL and HTTP headers.
    "CheckConstraint": "database schema",
    "relationship": "database schema",
    "ForeignKey": "database schema (ON DELETE SET NULL)",
    "text": "SQL",
    "execute": "SQL",
    "setdefault": "HTTP header values",
    "Markup": "HTML markup around a translated text",
    "cached": "a cache key",
    # The JSON API answers scripts, in English, whatever the browser asks.
    "error_response": "JSON API",
    "_unauthorised": "JSON API",
    "TokenRefused": "JSON API (a refused bearer token)",
    # The server's log, read by whoever runs it, beside gunicorn's own English lines.
    "warning": "server log",
    "info": "server log",
    # Programming errors: a caller that checks its input never meets them.
    "RuntimeError": "a programming error",
}
# Whole modules whose sentences are data, not interface: the illustrative and synthetic
# portfolios' generator writes English project titles and checks its own theme tables.
NOT_INTERFACE = ("tracker/generation/",)
MODULES = [
    path
    for path in sorted((ROOT / "tracker").rglob("*.py"))
    if not path.relative_to(ROOT).as_posix().startswith(NOT_INTERFACE)
]
# Single sentences that are not interface text: (module, the sentence's start) -> reason.
KNOWN = {
    ("tracker/formats/csv_projects.py", "shape must be one of"): "programming error",
    ("tracker/formats/csv_projects.py", "delimiter must be"): "programming error",
    ("tracker/formats/uploads.py", "unknown kind of upload"): "programming error",
    ("tracker/services/portfolio/revisions.py", "project {} is at version"): "shown by the view in "
    "its own translated words",
}

_WORD = re.compile(r"[^\W\d_]{2,}")


def _text(node: ast.AST) -> str | None:
    """The literal text of a string expression ({} for what is filled in), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None or right is not None:
            return (left or "{}") + (right or "{}")
    return None


def is_sentence(text: str | None) -> bool:
    return text is not None and " " in text.strip() and len(_WORD.findall(text)) >= 2


def _callee(node: ast.Call) -> str:
    function = node.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")


def _labels(node: ast.Call) -> list[ast.AST]:
    """A form field's label and a flash's message, even of one word."""
    callee = _callee(node)
    if callee.endswith("Field") or callee == "flash":
        return [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("label", "message"))]
    return []


def untranslated(source: str, module: str) -> list[str]:
    """Each sentence in ``source`` that a reader would meet untranslated, as 'line: text'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            callee = _callee(node)
            if callee in TRANSLATED or callee in NOT_FOR_READERS:
                continue
            for label in _labels(node):
                text = _text(label)
                if text is not None and _WORD.search(text) and not is_sentence(text):
                    found.append((label.lineno, text))
            candidates = [*node.args, *(keyword.value for keyword in node.keywords)]
        elif isinstance(node, ast.Return) and node.value is not None:
            candidates = [node.value]
        else:
            continue
        for candidate in candidates:
            text = _text(candidate)
            if not is_sentence(text):
                continue
            if any(module == path and text.startswith(start) for path, start in KNOWN):
                continue
            found.append((candidate.lineno, text))
    return [f"{line}: {text}" for line, text in sorted(found)]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_sentence_in_the_code_is_translatable(path):
    module = path.relative_to(ROOT).as_posix()
    assert untranslated(path.read_text(encoding="utf-8"), module) == []


def test_the_check_finds_what_it_looks_for():
    source = """
import click
from flask import flash
from flask_babel import gettext as _

def view(name):
    flash("The project was saved.")
    flash(_("The project was saved."))
    click.echo(f"Wrote {name} rows to the file.")
    raise ValueError("the budget is negative")
    return "a closed project needs an end date"
    click.option("--user", help="The account to record the import under.")
    flash(name, "success")
    StringField("Title", validators=[DataRequired()])
    StringField(_l("Title"))
"""
    found = untranslated(source, "tracker/example.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "The project was saved.",
        "Wrote {} rows to the file.",
        "the budget is negative",
        "a closed project needs an end date",
        "Title",
    ]
