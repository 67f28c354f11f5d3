"""The import-iati and export-iati commands: re-imports update rather than duplicate, dry
runs and bad files leave the database as it was, and the export validates."""

from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from tests.formats.test_iati import BAD_FILES
from tracker.extensions import db
from tracker.models import Project, ProjectRecipient, ProjectRevision, ProjectText, StatusChange

DATA = Path(__file__).parent / "data"
SCHEMA = DATA / "iati-schema-2.03" / "iati-activities-schema.xsd"


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, ProjectRevision, StatusChange, ProjectText, ProjectRecipient)
        )


def test_import_then_reimport_updates_rather_than_duplicates(app, runner):
    before = counts(app)
    for name in ("iati_sample_other_country.xml", "iati_sdg_illustrative.xml"):
        result = runner.invoke(args=["import-iati", str(DATA / name), "--user", "analyst"])
        assert result.exit_code == 0, result.output
    assert "2 created, 0 updated (0 status changes), 0 unchanged, 2 skipped" in result.stdout
    assert "Skipped: the activity has no <iati-identifier>" in result.stderr
    assert "No budget in the file: the sum of the commitments (2) is used." in result.stderr
    after = counts(app)
    assert after[0] == before[0] + 6
    for name in ("iati_sample_other_country.xml", "iati_sdg_illustrative.xml"):
        again = runner.invoke(args=["import-iati", str(DATA / name), "--user", "analyst"])
        assert again.exit_code == 0, again.output
        assert "0 created, 0 updated" in again.stdout
    assert counts(app) == after
    with app.app_context():
        project = db.session.scalar(
            select(Project).where(Project.code == "XM-DAC-41114-TEST-KZ-0002")
        )
        assert project.language == "ru" and project.source == "import"
        assert [text.language for text in project.texts] == ["en"]
        assert sorted(link.place_code for link in project.places) == [
            "CENTRAL-ASIA",
            "KZ-71",
            "KZ-75",
        ]
        assert sorted(link.target.code for link in project.targets) == ["16.10", "9.c"]


def test_a_dry_run_writes_nothing(app, runner):
    before = counts(app)
    path = DATA / "iati_sdg_illustrative.xml"
    result = runner.invoke(args=["import-iati", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 to create" in result.stdout and "Dry run: nothing was written" in result.stdout
    assert counts(app) == before


@pytest.mark.parametrize("data, words", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_explained_and_change_nothing(app, runner, tmp_path, data, words):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    before = counts(app)
    result = runner.invoke(args=["import-iati", str(path), "--user", "analyst"])
    assert result.exit_code == 1
    assert words in result.stderr and "Nothing was imported" in result.stderr
    assert counts(app) == before


def test_export_iati_writes_valid_xml_for_the_filters(app, runner, tmp_path):
    path = tmp_path / "out.xml"
    result = runner.invoke(args=["export-iati", "-o", str(path), "--filter", "goal=13"])
    assert result.exit_code == 0, result.output
    root = etree.parse(str(path))
    assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(root)
    written = len(root.getroot())
    assert written and f"Wrote {written:,} IATI activities" in result.stderr
    bad = runner.invoke(args=["export-iati", "--filter", "colour=red"])
    assert bad.exit_code == 2 and "KEY=VALUE" in bad.output


def test_an_amount_the_database_cannot_hold_skips_the_activity(app, runner, tmp_path):
    from tests.formats.test_iati import activity

    path = tmp_path / "huge.xml"
    path.write_bytes(activity('<title><narrative>Huge</narrative></title><budget type="1">'
                              "<value>1e308</value></budget>"))  # fmt: skip
    before = counts(app)
    result = runner.invoke(args=["import-iati", str(path), "--user", "analyst"])
    assert result.exit_code == 0, result.output
    assert "Skipped: The budget is too large" in result.stderr
    assert "0 created, 0 updated (0 status changes), 0 unchanged, 1 skipped" in result.stdout
    assert counts(app) == before
