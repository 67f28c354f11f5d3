"""The IATI export: valid against the official 2.03 schema, filtered like the register,
and read back by the IATI import as unchanged."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tracker.formats.iati import read_activities
from tracker.formats.iati.writer import ILLUSTRATIVE
from tracker.models import Project
from tracker.services.exchange.iati_exporting import export_iati, reporting_org
from tracker.services.exchange.importing import RULES, plan_import
from tracker.services.register.search import RegisterFilters, ordered_select

SCHEMA = Path(__file__).parents[2] / "data" / "iati-schema-2.03" / "iati-activities-schema.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def exported(session, filters: RegisterFilters, **config) -> bytes:
    _, chunks = export_iati(session, filters, reporting_org(config))
    return b"".join(chunks)


def assert_valid(document: bytes) -> etree._Element:
    root = etree.fromstring(document)
    if not schema().validate(root):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in list(schema().error_log)[:10])
        pytest.fail(f"the export does not validate against IATI 2.03:\n{errors}")
    return root


def test_the_schema_refuses_a_broken_document():
    """Without this the validity tests could pass on a schema that accepts anything."""
    broken = (
        b'<iati-activities version="2.03"><iati-activity>'
        b"<iati-identifier>X-1</iati-identifier></iati-activity></iati-activities>"
    )
    assert not schema().validate(etree.fromstring(broken))


def test_the_seeded_portfolio_exports_as_valid_iati(session):
    root = assert_valid(exported(session, RegisterFilters()))
    activities = root.findall("iati-activity")
    assert len(activities) == 235
    # Every seed project is illustrative, and says so.
    assert all(ILLUSTRATIVE in (a.xpath("description[@type='4']/narrative/text()") or [""])[0]
               for a in activities)  # fmt: skip
    first = activities[0]
    assert first.findtext("iati-identifier").startswith("XX-KZ-SDG-TRACKER-ILLUS-")
    assert first.find("other-identifier").get("type") == "A1"
    assert root.xpath("//tag[@vocabulary='3']") and root.xpath("//tag[@vocabulary='2']")
    for activity in activities:
        shares = [
            float(s.get("percentage", 100)) for s in activity.findall("sector[@vocabulary='1']")
        ]
        assert not shares or round(sum(shares), 2) == 100


def test_a_filtered_export_holds_the_registers_projects_in_its_order(session):
    filters = RegisterFilters(goal=13, status=4, sort="budget", direction="desc")
    expected = session.scalars(ordered_select(filters, Project.code)).all()
    assert expected
    root = assert_valid(exported(session, filters, IATI_REPORTING_ORG_REF="XM-DAC-41114"))
    codes = [a.find("other-identifier").get("ref") for a in root.iter("iati-activity")]
    assert codes == expected
    assert root.find("iati-activity/reporting-org").get("ref") == "XM-DAC-41114"


def test_the_export_reads_back_unchanged(session):
    records, problems = read_activities(exported(session, RegisterFilters()))
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    plan = plan_import(session, records, problems, rules=RULES["xml"])
    assert not plan.errors, plan.errors[:3]
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 0, 235), [
        (p.code, p.changes) for p in plan.updates[:3]
    ]
