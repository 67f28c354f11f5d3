"""An IATI import keeps the money as published (budgets, transactions, planned
disbursements), derives the annual figures from it, links outputs to their project, and
offers to create the organisations it does not know; the export gives it all back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.iati_files import built_file
from tracker.extensions import db
from tracker.formats.iati import read_activities
from tracker.models import Organisation, Project, User
from tracker.models.finance import AnnualFigure
from tracker.services.exchange.iati_exporting import export_iati, reporting_org
from tracker.services.exchange.importing import (
    RULES,
    apply_import,
    plan_creating_organisations,
    plan_import,
)
from tracker.services.register.filters import RegisterFilters

SAMPLE = (Path(__file__).parents[2] / "data" / "iati_sample_other_country.xml").read_bytes()
TODAY = date(2026, 6, 1)


def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def imported(session, data: bytes, chosen=(), **options):
    records, problems = read_activities(data)
    plan, _created = plan_creating_organisations(
        session, records, problems, chosen, rules=RULES["xml"], today=TODAY, **options
    )
    assert not plan.errors, plan.errors
    apply_import(session, plan, analyst(session), file_name="test.xml", today=TODAY)
    session.commit()
    return plan


def project(session, code: str) -> Project:
    session.expire_all()
    return session.scalars(select(Project).where(Project.code == code)).one()


def money_of(session) -> dict[str, tuple]:
    """Every project's money, as comparable tuples, by code."""
    found = {}
    for row in session.scalars(select(Project)):
        found[row.code] = (
            sorted((b.period_start, b.period_end, b.type, b.status, b.value, b.currency)
                   for b in row.budgets),
            sorted((t.type, t.transaction_date, t.value, t.currency, t.provider_ref,
                    t.provider_name, t.receiver_name) for t in row.transactions),
            sorted((p.period_start, p.period_end, p.value, p.currency, p.provider_name)
                   for p in row.planned_disbursements),
            sorted((a.year, a.measure, a.amount, a.currency, a.correction,
                    a.funder.acronym if a.funder else None) for a in row.annual_figures),
            row.parent.code if row.parent else None,
        )  # fmt: skip
    return found


@pytest.fixture
def fresh(make_app):
    """A session on a database with the reference data and accounts but no projects."""
    app = make_app("reference")
    with app.app_context():
        yield db.session
        db.session.rollback()


def test_the_real_undp_file_gives_two_projects_with_one_component_each(fresh):
    plan = imported(fresh, SAMPLE)
    top = fresh.scalars(select(Project).where(Project.parent_id.is_(None))).all()
    assert sorted(p.code for p in top) == [
        "XM-DAC-41114-PROJECT-00036768",
        "XM-DAC-41114-PROJECT-00040880",
    ]
    assert [[c.code for c in p.components] for p in sorted(top, key=lambda p: p.code)] == [
        ["XM-DAC-41114-OUTPUT-00040112"], ["XM-DAC-41114-OUTPUT-00080934"]]  # fmt: skip
    output = project(fresh, "XM-DAC-41114-OUTPUT-00080934")
    assert len(output.budgets) == 3 and len(output.transactions) == 7
    assert Decimal("-14518.00") in [t.value for t in output.transactions]
    figures = {(a.year, a.measure): a for a in output.annual_figures if a.funder_id is None}
    assert figures[2012, "required"].amount == 15000 and figures[2017, "required"].amount == 1
    # 2017: -14518 expenditure (a correction) is kept as one.
    assert figures[2017, "spent"].amount == -14518 and figures[2017, "spent"].correction
    # The Peacebuilding Fund gave incoming commitments: those are what is available.
    available = [(a.year, a.amount) for a in output.annual_figures if a.measure == "available"]
    assert sorted(available) == [(2012, 15000), (2017, 1)]
    # Funders the tracker does not know are offered, by name.
    offered = {new.ref: new for new in plan.new_organisations}
    assert offered["11363"].name == "Peacebuilding Fund" and offered["11363"].kind == "funder"


def test_confirmed_organisations_are_created_and_linked(fresh):
    records, problems = read_activities(SAMPLE)
    plan = plan_import(fresh, records, problems, rules=RULES["xml"], today=TODAY)
    keys = {new.key for new in plan.new_organisations}
    assert "11363" in keys
    imported(fresh, SAMPLE, chosen={"11363"})
    fund = fresh.scalars(select(Organisation).where(Organisation.iati_ref == "11363")).one()
    assert (fund.name, fund.kind) == ("Peacebuilding Fund", "funder")
    output = project(fresh, "XM-DAC-41114-OUTPUT-00080934")
    assert {t.provider_id for t in output.transactions if t.provider_ref == "11363"} == {fund.id}
    funders = {a.funder_id for a in output.annual_figures if a.measure == "available"}
    assert funders == {fund.id}
    other = project(fresh, "XM-DAC-41114-PROJECT-00040880")
    assert fund.id in [link.organisation_id for link in other.organisations]


def test_a_built_file_is_stored_as_published_with_its_annual_figures(fresh):
    plan = imported(fresh, built_file())
    by_code = {p.code: p for p in plan.creates}
    assert by_code["XM-TEST-OUT-A"].money.counts() == (3, 7, 1)
    assert by_code["XM-TEST-OUT-A"].parent == "XM-TEST-PROJ"  # named later in the file
    assert by_code["XM-TEST-OUT-B"].parent == "XM-TEST-PROJ"  # named by its parent only
    parent = project(fresh, "XM-TEST-PROJ")
    assert [c.code for c in parent.components] == ["XM-TEST-OUT-A", "XM-TEST-OUT-B"]
    output = project(fresh, "XM-TEST-OUT-A")
    figures = {(a.year, a.measure, a.funder_id is None): a.amount for a in output.annual_figures}
    assert figures == {
        (2024, "required", True): Decimal("1200.00"),  # the revised budget replaces the original
        (2025, "required", True): Decimal("1840.00"),  # July 2025 to June 2026, split by days
        (2026, "required", True): Decimal("1810.00"),
        (2024, "available", True): Decimal("5500.00"),  # 5000 committed + 500 unknown donor
        (2024, "committed", True): Decimal("800.00"),
        (2024, "disbursed", True): Decimal("300.00"),
        (2024, "spent", True): Decimal("550.00"),
        (2025, "spent", True): Decimal("-50.00"),
    }
    assert len(output.planned_disbursements) == 1


def test_the_fiscal_year_decides_where_a_budget_falls(fresh):
    imported(fresh, built_file(), start_month=7)
    output = project(fresh, "XM-TEST-OUT-A")
    required = {a.year: a.amount for a in output.annual_figures if a.measure == "required"}
    # Fiscal years from July: 2024 budget splits over FY2023 and FY2024; 2025-26 is FY2025.
    # 2024 is a leap year: 182 of its 366 days fall before July.
    assert required == {2023: Decimal("596.72"), 2024: Decimal("603.28"), 2025: Decimal("3650.00")}


def test_importing_again_changes_nothing_and_a_changed_file_replaces_the_rows(fresh):
    imported(fresh, built_file())
    records, problems = read_activities(built_file())
    plan = plan_import(fresh, records, problems, rules=RULES["xml"], today=TODAY)
    assert (len(plan.creates), len(plan.updates)) == (0, 0), [p.changes for p in plan.updates]
    changed = built_file().replace(b">1200<", b">1300<")
    plan = imported(fresh, changed)
    assert [p.code for p in plan.updates] == ["XM-TEST-OUT-A"]
    output = project(fresh, "XM-TEST-OUT-A")
    assert sorted(b.value for b in output.budgets) == [1000, 1300, 3650]
    assert {
        a.amount for a in output.annual_figures if (a.year, a.measure) == (2024, "required")
    } == {1300}


@pytest.mark.parametrize("source", ["built", "undp"])
def test_export_then_import_into_a_fresh_database_keeps_the_money(make_app, source):
    data = built_file() if source == "built" else SAMPLE
    first, second = make_app("reference"), make_app("reference")
    with first.app_context():
        imported(db.session, data, chosen={"xm-test-fund", "11363"})
        before = money_of(db.session)
        _, chunks = export_iati(db.session, RegisterFilters(), reporting_org({}))
        exported = b"".join(chunks)
        db.session.rollback()
    with second.app_context():
        imported(db.session, exported, chosen={"xm-test-fund", "11363"})
        after = money_of(db.session)
    # The export names projects by their own codes again; compare code by code.
    assert after == before


def test_a_transaction_dated_before_1900_is_kept_but_not_counted_in_a_year(fresh):
    """Found by the property test: the annual figures' year check made the import crash."""
    data = built_file().replace(b'iso-date="2024-06-01"', b'iso-date="1899-06-01"')
    plan = imported(fresh, data)
    assert any("1899" in p.message and p.severity == "warning" for p in plan.problems)
    output = project(fresh, "XM-TEST-OUT-A")
    assert date(1899, 6, 1) in [t.transaction_date for t in output.transactions]
    assert all(a.year >= 1900 for a in output.annual_figures)


def test_the_export_with_money_and_hierarchy_is_valid_iati(fresh):
    from tests.services.exchange.test_iati_exporting import assert_valid

    imported(fresh, built_file(), chosen={"xm-test-fund"})
    # A project without budgets of its own but with annual "required" figures gets one
    # budget per fiscal year from them.
    parent = project(fresh, "XM-TEST-PROJ")
    for year, amount in ((2025, 70), (2026, 80)):
        fresh.add(AnnualFigure(project=parent, year=year, measure="required",
                               amount=Decimal(amount), currency="USD"))  # fmt: skip
    fresh.flush()
    _, chunks = export_iati(fresh, RegisterFilters(), reporting_org({}), start_month=7)
    root = assert_valid(b"".join(chunks))
    by_id = {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}
    output = next(a for key, a in by_id.items() if key.endswith("XM-TEST-OUT-A"))
    top = next(a for key, a in by_id.items() if key.endswith("XM-TEST-PROJ"))
    assert (output.get("hierarchy"), top.get("hierarchy")) == ("2", "1")
    assert [r.get("type") for r in output.findall("related-activity")] == ["1"]
    assert sorted(r.get("type") for r in top.findall("related-activity")) == ["2", "2"]
    assert len(output.findall("budget")) == 3 and len(output.findall("transaction")) == 7
    assert "-50.00" in [v.text for v in output.findall("transaction/value")]
    periods = [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"),
                b.findtext("value")) for b in top.findall("budget")]  # fmt: skip
    assert periods == [("2025-07-01", "2026-06-30", "70.00"), ("2026-07-01", "2027-06-30", "80.00")]


def test_organisations_without_a_ref_match_by_whole_name_or_acronym_only(fresh):
    data = (
        built_file()
        .replace(b'<participating-org role="4"><narrative>Ministry of Testing</narrative>',
                 b'<participating-org role="4"><narrative>undp</narrative>')
        .replace(b'<provider-org><narrative>Other Donor</narrative>',
                 b'<provider-org><narrative>United Nations  Development Programme</narrative>')
    )  # fmt: skip
    records, problems = read_activities(data)
    plan = plan_import(fresh, records, problems, rules=RULES["xml"], today=TODAY)
    undp = fresh.scalars(select(Organisation).where(Organisation.acronym == "UNDP")).one()
    output = next(p for p in plan.creates if p.code == "XM-TEST-OUT-A")
    assert (undp.id, 4) in output.data.organisations  # by acronym
    providers = [provider for provider, _r in output.money.transaction_parties]
    assert undp.id in providers  # by whole name, spaces and case aside
    # A ref the tracker does not know is another organisation, whatever its name.
    data = built_file().replace(
        b'ref="XM-TEST-FUND"><narrative>Test Climate Fund',
        b'ref="XM-OTHER"><narrative>United Nations Development Programme',
    )
    records, problems = read_activities(data)
    plan = plan_import(fresh, records, problems, rules=RULES["xml"], today=TODAY)
    assert "xm-other" in {new.key for new in plan.new_organisations}


def test_activities_naming_each_other_as_parents_leave_a_top_level_project(fresh):
    data = built_file().replace(
        b'<related-activity type="2" ref="XM-TEST-OUT-A"/>',
        b'<related-activity type="1" ref="XM-TEST-OUT-A"/>',
    )
    records, problems = read_activities(data)
    plan = plan_import(fresh, records, problems, rules=RULES["xml"], today=TODAY)
    parents = {p.code: p.parent for p in plan.creates}
    assert parents["XM-TEST-OUT-A"] is None and parents["XM-TEST-PROJ"] == "XM-TEST-OUT-A"
    assert any("each other" in p.message for p in plan.problems)


def test_the_change_log_names_the_import_that_brought_the_annual_figures(fresh):
    from tracker.services.portfolio.revisions import change_log

    imported(fresh, built_file())
    output = project(fresh, "XM-TEST-OUT-A")
    # Created by the import, then its money written: the second version says what came.
    (revision, changes), *_ = change_log(output)
    assert revision.changed_by == analyst(fresh).label
    assert any("2024" in change.field for change in changes), changes
    versions = output.version
    imported(fresh, built_file().replace(b">1200<", b">1300<"))
    output = project(fresh, "XM-TEST-OUT-A")
    (revision, changes), *_ = change_log(output)
    assert output.version == versions + 1
    assert [
        (c.before, c.after) for c in changes if "2024" in c.field and "required" in c.field.lower()
    ]
