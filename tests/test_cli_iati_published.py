"""import-iati keeps the money as published and the hierarchy, and creates the unknown
organisations when told to (--create-organisations)."""

from pathlib import Path

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Organisation, Project

SAMPLE = Path(__file__).parent / "data" / "iati_sample_other_country.xml"


def test_import_iati_lists_unknown_organisations_and_creates_them_when_told(make_app):
    app = make_app("reference")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import-iati", str(SAMPLE), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Unknown organisation Peacebuilding Fund (ref 11363)" in dry.stderr
    result = runner.invoke(
        args=["import-iati", str(SAMPLE), "--user", "analyst", "--create-organisations"]
    )
    assert result.exit_code == 0, result.output
    assert "organisations created: " in result.stdout and "Peacebuilding Fund" in result.stdout
    with app.app_context():
        fund = db.session.scalars(
            select(Organisation).where(Organisation.iati_ref == "11363")
        ).one()
        output = db.session.scalars(
            select(Project).where(Project.code == "XM-DAC-41114-OUTPUT-00080934")
        ).one()
        assert output.parent.code == "XM-DAC-41114-PROJECT-00040880"
        assert len(output.transactions) == 7
        assert fund.id in {t.provider_id for t in output.transactions}
