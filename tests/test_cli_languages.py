"""Commands speak the language of their environment: TRACKER_LANGUAGE, else LANG and co."""

from __future__ import annotations

import re

import pytest
from babel.support import Translations

from tracker.i18n import TRANSLATIONS, environment_language

# Everything but the variable under test is unset (empty), so the machine's own locale
# does not decide.
NONE_SET = dict.fromkeys(("TRACKER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"), "")


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "en"),
        ({"LANG": "kk_KZ.UTF-8"}, "kk"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "kk_KZ.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "kk_KZ", "LANG": "ru_RU.UTF-8"}, "kk"),
        ({"LANGUAGE": "de:ru:en", "LANG": "kk_KZ.UTF-8"}, "ru"),
        ({"LANGUAGE": "de", "LANG": "kk_KZ.UTF-8"}, "kk"),
        ({"TRACKER_LANGUAGE": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
        ({"LANG": "ru_KZ.UTF-8@euro"}, "ru"),
    ],
)
def test_the_language_comes_from_the_environment(monkeypatch, environment, language):
    for name, value in {**NONE_SET, **environment}.items():
        monkeypatch.setenv(name, value)
    assert environment_language() == language


UNKNOWN_TARGETS = (
    "Unknown SDG targets: %(codes)s (each should be an SDG target such as 3.8 or 9.c)."
)


def translated(language: str, message: str) -> str:
    text = Translations.load(str(TRANSLATIONS), [language]).gettext(message)
    assert text != message, f"no {language} translation of {message!r}"
    return text


def fixed_part(message: str) -> str:
    """The longest piece of a translated message between its placeholders."""
    return max(re.split(r"%\(\w+\)s", message), key=len).strip()


@pytest.mark.parametrize(
    ("environment", "language"),
    [({"TRACKER_LANGUAGE": "kk"}, "kk"), ({**NONE_SET, "LANG": "ru_RU.UTF-8"}, "ru")],
)
def test_an_import_reports_in_the_environments_language(
    app, runner, tmp_path, environment, language
):
    path = tmp_path / "new.csv"
    path.write_text("code,title,status,sdg_targets\nCLI-1,A title,1,18.1\n", encoding="utf-8")

    result = runner.invoke(args=["import-csv", str(path), "--dry-run"], env=environment)

    assert result.exit_code == 1
    report = result.stderr
    # line 2, sdg_targets: error: Unknown SDG targets: 18.1  -- every word but the column's
    line = translated(language, "line %(line)s") % {"line": 2}
    error = translated(language, "error")
    assert f"{line}, sdg_targets: {error}: " in report
    assert fixed_part(translated(language, UNKNOWN_TARGETS)) in report
    nothing = "%(file)s: %(counts)s. Nothing was imported: fix the errors first."
    assert fixed_part(translated(language, nothing)) in report
    assert "Nothing was imported" not in report and "line 2" not in report


def test_the_seed_report_speaks_kazakh(make_app):
    app = make_app("seeded")
    result = app.test_cli_runner().invoke(args=["seed"], env={"TRACKER_LANGUAGE": "kk"})
    assert result.exit_code == 0, result.output
    assert translated("kk", "Nothing new to load: the database already holds this seed data.") in (
        result.output
    )
    assert f"{translated('kk', 'projects already present')}: 235" in result.output
