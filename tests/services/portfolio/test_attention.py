"""Projects whose dates have overtaken their status are pointed out for updating."""

from datetime import date

import pytest
from sqlalchemy import select

from tracker.generation.portfolio import AS_OF
from tracker.models import Project
from tracker.services.portfolio.statuses import attention, needing_update

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": 2, "planned_end": date(2026, 6, 30)}, ["The planned end (Jun 30, 2026)"]),
        ({"status": 2, "planned_end": date(2026, 11, 28)}, []),  # ends today: not yet late
        ({"status": 2, "planned_end": date(2026, 6, 30), "actual_end": date(2026, 7, 1)}, []),
        ({"status": 2, "planned_end": None}, []),
        ({"status": 1, "planned_start": date(2026, 3, 1)}, ["The planned start (Mar 1, 2026)"]),
        ({"status": 1, "planned_start": date(2027, 3, 1)}, []),
        ({"status": 4, "planned_end": date(2020, 1, 1), "actual_end": date(2020, 2, 1)}, []),
        ({"status": 6, "planned_end": date(2020, 1, 1)}, []),  # suspended: its own story
    ],
)
def test_a_passed_date_the_status_has_not_caught_up_with(app, fields, expected):
    with app.test_request_context("/"):
        notes = attention(Project(**fields), TODAY)
    assert [note.split(" has passed")[0] for note in notes] == expected


def test_the_home_pages_query_finds_what_the_rule_says(session):
    """needing_update is attention() as a query: the two agree project for project."""
    projects = session.scalars(select(Project).where(Project.status.in_((1, 2)))).all()
    for project in projects[::3]:  # move a third of the open projects' dates into the past
        project.planned_start, project.planned_end = date(2024, 1, 1), date(2025, 1, 31)
        if project.status == 1:
            project.actual_start = None
    session.flush()
    found, total = needing_update(session, TODAY, limit=1000)
    expected = {project.id for project in projects if attention(project, TODAY)}
    assert expected and {project.id for project in found} == expected and total == len(expected)
    first, _ = needing_update(session, TODAY, limit=2)
    assert [project.id for project in first] == [project.id for project in found[:2]]


@pytest.mark.parametrize("years_later", [0, 1, 10])
def test_the_seed_portfolio_ages_like_a_real_one(session, years_later):
    """As time passes, open projects whose planned dates go by are pointed out, all of them,
    and the query keeps agreeing with the rule; on the day the seed describes, none is."""
    today = AS_OF.replace(year=AS_OF.year + years_later)
    open_projects = session.scalars(select(Project).where(Project.status.in_((1, 2)))).all()
    expected = {project.id for project in open_projects if attention(project, today)}
    found, total = needing_update(session, today, limit=1000)
    assert {project.id for project in found} == expected and total == len(expected)
    if years_later == 0:
        assert total == 0
    if years_later == 10:  # every open project is planned to end within ten years
        assert total == len(open_projects)
