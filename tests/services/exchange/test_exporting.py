"""Export records: the register's projects, in its order, with every link, in batches."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.factories import make_project
from tests.sql_capture import capture
from tracker.formats.csv_projects import ProjectCsv
from tracker.models import Project, ProjectOrganisation, ProjectTarget
from tracker.services.exchange.exporting import export_records
from tracker.services.register.search import RegisterFilters, ordered_select


@pytest.mark.parametrize(
    "filters",
    [
        RegisterFilters(),
        RegisterFilters(goal=3, sort="budget", direction="desc"),
        RegisterFilters(status=2, sort="agencies"),
        RegisterFilters(q="water", sort="places", direction="desc"),
        RegisterFilters(sector="121", sort="end", direction="asc", page=3, per_page=25),
    ],
    ids=["all", "goal-by-budget", "status-by-agency", "search-by-place", "sector-by-end"],
)
def test_the_export_holds_the_registers_projects_in_its_order(session, filters):
    expected = session.scalars(ordered_select(filters, Project.code)).all()
    assert expected  # the filters match something, or the test proves nothing
    codes = [record.code for record in export_records(session, filters, batch_size=17)]
    assert codes == expected  # every page, whatever the register's page and page size


def test_all_seed_projects_with_their_links(session):
    records = list(export_records(session, RegisterFilters()))
    assert len(records) == len({record.code for record in records}) == 235
    projects = session.scalars(
        select(Project).options(
            selectinload(Project.targets).selectinload(ProjectTarget.target),
            selectinload(Project.sectors),
            selectinload(Project.places),
            selectinload(Project.organisations).selectinload(ProjectOrganisation.organisation),
            selectinload(Project.documents),
        )
    ).all()
    by_code = {project.code: project for project in projects}
    roles = {1: "funding", 2: "accountable", 3: "extending", 4: "implementing"}
    for record in records:
        project = by_code[record.code]
        assert (record.title, record.status, record.budget, record.version) == (
            project.title, project.status, project.budget, project.version
        )  # fmt: skip
        assert {(t.code, t.share) for t in record.targets} == {
            (link.target.code, link.share) for link in project.targets
        }
        assert set(record.sectors) == {(s.sector_code, s.share) for s in project.sectors}
        assert set(record.places) == {(p.place_code, p.share) for p in project.places}
        for role, field in roles.items():
            assert sorted(getattr(record, field)) == sorted(
                link.organisation.acronym for link in project.organisations if link.role == role
            )
        assert set(record.documents) == {document.code for document in project.documents}
        assert record.is_illustrative == project.is_illustrative
    assert any(len(record.targets) > 1 for record in records)
    assert any(record.documents for record in records) and any(r.funding for r in records)


def test_targets_come_in_the_sdgs_order(session):
    make_project(session, code="ORDER-1", targets=("10.1", "3.d", "3.8", "1.1"))
    (record,) = export_records(session, RegisterFilters(q="ORDER-1"))
    # Not text order ("1.1", "10.1", "3.8", "3.d"): goal by goal, numbered before lettered.
    assert [link.code for link in record.targets] == ["1.1", "3.8", "3.d", "10.1"]
    assert [link.goal for link in record.targets] == [1, 3, 3, 10]


def test_long_rows_add_up_to_each_projects_budget(session):
    make_project(session, code="THIRDS", budget=Decimal("100.00"), targets=("1.1", "2.1", "3.1"))
    writer = ProjectCsv("long", bom=False)
    text = b"".join(writer.stream(export_records(session, RegisterFilters()))).decode()
    allocated: dict[str, Decimal] = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(text, newline="")):
        allocated[row["code"]] += Decimal(row["budget_allocated"])
    budgets = dict(session.execute(select(Project.code, Project.budget)).all())
    assert allocated == budgets  # every project, each exactly once
    assert sum(allocated.values()) == sum(budgets.values())
    assert writer.projects == 236 and writer.rows > writer.projects


def test_the_projects_and_their_links_come_in_one_statement(session):
    exported = []
    statements = capture(
        session.get_bind(),
        lambda: exported.extend(export_records(session, RegisterFilters(), batch_size=50)),
    )
    exported, count = len(exported), len(statements)
    assert exported == 235
    # The reference data (six small queries), then one statement, however many batches.
    assert count == 6 + 1
