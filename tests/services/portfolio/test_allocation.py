"""Budget allocation: shares respected, equal splits, and totals that add up."""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select

from tests.factories import make_project
from tracker.models import Project, ProjectTarget
from tracker.services.portfolio import allocation
from tracker.vocabulary import effective_shares

CENT = Decimal("0.01")


def all_ids():
    return select(Project.id)


def expected_by_goal(session) -> dict:
    """The same allocation computed in Python, project by project."""
    allocated, touching, counts = defaultdict(Decimal), defaultdict(Decimal), defaultdict(int)
    for project in session.scalars(select(Project)):
        shares = effective_shares([link.share for link in project.targets])
        per_goal = defaultdict(Decimal)
        for link, share in zip(project.targets, shares, strict=True):
            per_goal[link.target.goal_number] += share
        for goal, share in per_goal.items():
            allocated[goal] += project.budget * share / 100
            touching[goal] += project.budget
            counts[goal] += 1
    return allocated, touching, counts


def test_goal_allocation_matches_a_project_by_project_computation(session):
    rows = {row.key: row for row in allocation.by_goal(session, all_ids())}
    allocated, touching, counts = expected_by_goal(session)
    assert set(rows) == set(allocated)
    for goal, row in rows.items():
        assert row.projects == counts[goal]
        assert row.budget_touching == touching[goal]
        assert abs(row.budget_allocated - allocated[goal]) <= CENT


def test_allocated_budgets_add_up_to_the_portfolio_total(session):
    total = session.scalar(select(func.sum(Project.budget)))
    for breakdown in (allocation.by_goal, allocation.by_target, allocation.by_sector_category,
                      allocation.by_place):  # fmt: skip
        rows = breakdown(session, all_ids())
        allocated = sum(row.budget_allocated for row in rows)
        assert abs(allocated - total) <= CENT * len(rows), breakdown.__name__
        # Touching counts every project once per key, so it is at least the total.
        assert sum(row.budget_touching for row in rows) >= total


def test_shares_and_equal_splits(session):
    project = make_project(session, targets=("3.8", "13.2"), budget=Decimal("1000"))
    ids = select(Project.id).where(Project.id == project.id)
    rows = {row.key: row.budget_allocated for row in allocation.by_goal(session, ids)}
    assert rows == {3: Decimal("500.00"), 13: Decimal("500.00")}

    for link, share in zip(project.targets, (Decimal("80"), Decimal("20")), strict=True):
        link.share = share
    session.flush()
    rows = {row.key: row.budget_allocated for row in allocation.by_goal(session, ids)}
    assert rows == {3: Decimal("800.00"), 13: Decimal("200.00")}


def test_projects_without_links_are_their_own_bucket(session):
    project = make_project(session, targets=(), budget=Decimal("700"))
    ids = select(Project.id).where(Project.id == project.id)
    (row,) = allocation.by_goal(session, ids)
    assert (row.key, row.projects, row.budget_allocated) == (None, 1, Decimal("700.00"))
    assert session.scalar(select(func.count()).select_from(ProjectTarget).where(
        ProjectTarget.project_id == project.id)) == 0  # fmt: skip
