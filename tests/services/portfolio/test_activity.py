"""Recent changes across the portfolio, from the project revisions."""

import csv
import io
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.services.portfolio.test_projects import TODAY, data
from tracker.formats.csv_changes import changes_csv
from tracker.models import Project, User
from tracker.models.base import utcnow
from tracker.services.portfolio.activity import (
    ActivityFilters,
    all_changes,
    authors,
    latest,
    recent_changes,
)
from tracker.services.portfolio.projects import create_project, update_project
from tracker.services.portfolio.statuses import record_status_change

ALL_TIME = ActivityFilters(days=None)


@pytest.fixture
def users(session):
    return {u.username: u for u in session.scalars(select(User))}


@pytest.fixture
def worked_on(session, users):
    """An analyst records a project, changes its budget; an admin suspends it; an analyst
    also edits a seeded project (its first change)."""
    project = create_project(session, data(), 2, users["analyst"], today=TODAY)
    update_project(session, project, data(budget=Decimal("300000")), users["analyst"],
                   expected_version=1, today=TODAY)  # fmt: skip
    record_status_change(session, project, 6, TODAY, "Funding on hold", users["admin"],
                         expected_version=2, today=TODAY)  # fmt: skip
    seeded = session.scalars(select(Project).where(Project.code.like("ILLUS-%"))).first()
    seeded_data = data(code=seeded.code, title=seeded.title + " (phase II)")
    update_project(session, seeded, replace(seeded_data, actual_start=seeded.actual_start,
                                            actual_end=seeded.actual_end),
                   users["analyst"], expected_version=seeded.version, today=TODAY)  # fmt: skip
    session.flush()
    return project, seeded


def test_a_seeded_portfolio_has_no_changes_to_show(session):
    page = recent_changes(session, ALL_TIME)
    assert page.entries == [] and page.total == 0 and page.pages == 1
    assert latest(session) == []


def test_creations_and_changes_newest_first_with_what_changed(session, worked_on):
    project, seeded = worked_on
    page = recent_changes(session, ALL_TIME)
    assert page.total == 4
    kinds = [(entry.project.code, entry.created, [c.field for c in entry.changes])
             for entry in page.entries]  # fmt: skip
    # The seeded project's edit is the newest; its baseline is not a "created" entry.
    assert kinds[0][0] == seeded.code and not kinds[0][1] and "title" in kinds[0][2]
    assert kinds[1:] == [
        (project.code, False, ["status"]),
        (project.code, False, ["budget"]),
        (project.code, True, []),
    ]
    status, budget = page.entries[1], page.entries[2]
    assert (status.changes[0].before, status.changes[0].after) == ("2", "6")
    assert status.status_change.reason == "Funding on hold"
    assert status.revision.changed_by == "Demo administrator"
    assert (budget.changes[0].before, budget.changes[0].after) == ("250000.00", "300000.00")
    assert budget.status_change is None


def test_filters_by_who_and_by_period(session, worked_on):
    assert recent_changes(session, ActivityFilters(days=None, who="Demo administrator")).total == 1
    assert recent_changes(session, ActivityFilters(days=None, who="Nobody")).total == 0
    assert recent_changes(session, ActivityFilters(days=7)).total == 4
    later = utcnow() + timedelta(days=40)  # seen from 40 days on, they are older than 30 days
    assert recent_changes(session, ActivityFilters(days=30), now=later).total == 0
    assert recent_changes(session, ActivityFilters(days=90), now=later).total == 4
    assert {"Demo administrator", "Demo analyst"} <= set(authors(session))


def test_pages_split_the_changes_and_a_page_too_far_shows_the_last(session, worked_on):
    first = recent_changes(session, ALL_TIME, per_page=3)
    assert (first.total, first.pages, len(first.entries)) == (4, 2, 3)
    second = recent_changes(session, replace(ALL_TIME, page=2), per_page=3)
    assert len(second.entries) == 1 and second.entries[0].created
    beyond = recent_changes(session, replace(ALL_TIME, page=9), per_page=3)
    assert beyond.page == 2 and beyond.filters.page == 2
    assert [e.revision.id for e in latest(session, 2)] == [e.revision.id for e in first.entries[:2]]


@pytest.mark.parametrize(
    ("args", "filters", "problems"),
    [
        ({}, ActivityFilters(days=30), []),
        ({"days": "7", "who": "  Demo   analyst "}, ActivityFilters(7, "Demo analyst"), []),
        ({"days": "all", "page": "3"}, ActivityFilters(None, "", 3), []),
        ({"days": "12"}, ActivityFilters(days=30), ["days"]),
        ({"days": "soon", "page": "-1"}, ActivityFilters(days=30), ["days", "page"]),
    ],
)
def test_the_filters_read_from_an_address(args, filters, problems):
    assert ActivityFilters.from_args(args) == (filters, problems)


def test_the_filters_write_a_short_address():
    assert ActivityFilters().url_args() == {"days": 30}
    assert ActivityFilters(None, "Demo analyst", 2).url_args() == {
        "days": "all", "who": "Demo analyst", "page": 2,
    }  # fmt: skip


def test_every_change_streams_in_batches_and_writes_a_safe_csv(session, users, worked_on):
    shown = [entry.revision.id for entry in recent_changes(session, ALL_TIME).entries]
    streamed = list(all_changes(session, ALL_TIME, batch_size=1))
    assert [entry.revision.id for entry in streamed] == shown
    formula = create_project(session, data(code="KZ-TEST-2025-002", title="=HYPERLINK(1)"), 2,
                             users["analyst"], today=TODAY)  # fmt: skip
    session.flush()
    text = b"".join(changes_csv(all_changes(session, ALL_TIME))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    created = [row for row in rows if row[4] == "created"]
    assert {row[2] for row in created} == {formula.code, worked_on[0].code}
    assert any(row[3] == "'=HYPERLINK(1)" for row in created)  # neutralised for spreadsheets
    assert len(rows) == 1 + 1 + sum(max(1, len(entry.changes)) for entry in streamed)
