"""The seed: exact counts, nothing loaded twice, and broken files change nothing."""

import csv
import shutil
from collections import defaultdict

import pytest
from sqlalchemy import distinct, func, select

from tracker.config import SEED_DIR
from tracker.extensions import db
from tracker.models import (
    AnnualFigure,
    Base,
    Goal,
    Indicator,
    Place,
    Project,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    Sector,
    StatusChange,
    Target,
)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            name: db.session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


@pytest.fixture
def migrated_app(make_app):
    return make_app("migrated")


def test_seed_loads_the_exact_reference_data_and_portfolio(migrated_app):
    result = migrated_app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Illustrative portfolio: projects: 235;" in result.output

    with migrated_app.app_context():
        count = db.session.scalar
        assert count(select(func.count()).select_from(Goal)) == 17
        assert count(select(func.count()).select_from(Target)) == 169
        assert count(select(func.count()).select_from(Indicator)) == 248
        assert count(select(func.count(distinct(Indicator.unsd_code)))) == 232
        assert count(select(func.count()).select_from(Sector)) == 325
        assert count(select(func.count()).where(Sector.withdrawn)) == 30
        assert count(select(func.count()).where(Place.kind == "region")) == 17
        assert count(select(func.count()).where(Place.kind == "city")) == 3
        assert count(select(func.count()).select_from(Project)) == 235
        assert count(select(func.count()).where(Project.status == 4)) == 200
        assert count(select(func.count()).where(Project.status == 2)) == 35
        # The illustrative annual money: 3,964 rows, of 235 projects.
        assert count(select(func.count()).select_from(AnnualFigure)) == 3964
        assert count(select(func.count(distinct(AnnualFigure.project_id)))) == 235
        targets_without_indicator = count(
            select(func.count(Target.id)).where(~Target.indicators.any())
        )
        assert targets_without_indicator == 1  # 11.c, as in the official list


def test_seeding_twice_loads_nothing_twice(migrated_app):
    runner = migrated_app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    first = row_counts(migrated_app)

    again = runner.invoke(args=["seed"])

    assert again.exit_code == 0
    assert "Nothing new to load" in again.output
    assert "projects already present: 235" in again.output
    assert row_counts(migrated_app) == first


def test_seed_refuses_an_unmigrated_database(make_app):
    result = make_app("empty").test_cli_runner().invoke(args=["seed"])
    assert result.exit_code != 0
    assert "db upgrade" in result.output


def test_every_seeded_project_is_marked_illustrative(session):
    projects = session.scalars(select(Project)).all()
    assert len(projects) == 235
    assert {p.source for p in projects} == {"seed_illustration"}
    assert all(p.is_illustrative for p in projects)
    assert all("Illustrative record" in p.description for p in projects)


def test_status_history_agrees_with_each_projects_status_and_dates(session):
    for project in session.scalars(select(Project)):
        history = project.history
        assert history[0].from_status is None
        assert history[-1].to_status == project.status, project.code
        dates = [change.effective_date for change in history]
        assert dates == sorted(dates), project.code
        started = next(c for c in history if c.to_status == 2 and c.from_status == 1)
        assert started.effective_date == project.actual_start, project.code
        if project.status == 4:
            assert history[-1].effective_date == project.actual_end, project.code


def test_links_have_fitting_counts_and_shares(session):
    for model, low, high in ((ProjectTarget, 1, 5), (ProjectSector, 1, 3), (ProjectPlace, 1, 3)):
        shares = defaultdict(list)
        for project_id, share in session.execute(select(model.project_id, model.share)):
            shares[project_id].append(share)
        assert len(shares) == 235, model.__tablename__
        for project_shares in shares.values():
            assert low <= len(project_shares) <= high
            given = [s for s in project_shares if s is not None]
            assert not given or (len(given) == len(project_shares) and sum(given) == 100)
    statuses_seen = set(session.scalars(select(StatusChange.to_status).distinct()))
    assert {1, 2, 4} <= statuses_seen


def _broken_copy(tmp_path, file_name: str, line: int, column: int, new: str):
    """A copy of the seed folder with one cell of one file replaced."""
    copy = tmp_path / "seed"
    shutil.copytree(SEED_DIR, copy, ignore=shutil.ignore_patterns("*.py", "*.md"))
    path = next(copy.rglob(file_name))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    # Line numbers count physical lines; the seed files keep one record a line.
    assert sum(len(row) for row in rows) == len(rows[0]) * len(rows)
    rows[line - 1][column] = new
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return copy


@pytest.mark.parametrize(
    ("file_name", "line", "column", "new", "reason"),
    [
        ("sdg_targets.csv", 5, 1, "18", "Goal 18 is not one of the 17 goals."),
        ("project_targets.csv", 7, 1, "3.99", "Unknown SDG target “3.99”."),
        ("projects.csv", 4, 4, "2019-02-30", "must be a date as YYYY-MM-DD"),
        ("project_organisations.csv", 3, 2, "9", "The role must be 1 to 4"),
        ("status_history.csv", 2, 2, "3", "follows a change to 3"),
        ("annual_figures.csv", 3, 2, "pledged", "Unknown measure “pledged”."),
        ("annual_figures.csv", 3, 5, "XYZ", "Unknown organisation “XYZ”."),
    ],
    ids=[
        "reference-goal",
        "unknown-target",
        "bad-date",
        "bad-role",
        "history",
        "annual-measure",
        "annual-funder",
    ],  # fmt: skip
)
def test_a_broken_row_stops_the_load_and_changes_nothing(
    make_app, tmp_path, file_name, line, column, new, reason
):
    app = make_app("migrated")
    before = row_counts(app)
    broken = _broken_copy(tmp_path, file_name, line, column, new)

    result = app.test_cli_runner().invoke(args=["seed", "--directory", str(broken)])

    assert result.exit_code == 1
    assert "nothing was loaded" in result.output
    assert file_name in result.output
    assert reason in result.output
    assert row_counts(app) == before


def test_seeded_budgets_are_the_sum_of_their_required_years(session):
    """Computed in SQL, apart from the loader's own check."""
    required = (
        select(AnnualFigure.project_id, func.sum(AnnualFigure.amount).label("total"))
        .where(AnnualFigure.measure == "required")
        .group_by(AnnualFigure.project_id)
        .subquery()
    )
    pairs = session.execute(
        select(Project.budget, required.c.total).join(required, required.c.project_id == Project.id)
    ).all()
    assert len(pairs) == 235
    assert all(budget == total for budget, total in pairs)
    funders = session.scalar(
        select(func.count()).where(
            AnnualFigure.funder_id.is_not(None), AnnualFigure.measure != "available"
        )
    )
    assert funders == 0
