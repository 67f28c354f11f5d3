"""The synthetic portfolio for benchmarks: its own database, the seed's distributions."""

from collections import Counter, defaultdict

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from tracker.models import Project, ProjectTarget, StatusChange
from tracker.services.reference.synthetic import NotASyntheticDatabase, build_synthetic_portfolio


@pytest.fixture
def engine_for(make_database):
    engines = []

    def factory(kind: str):
        engine = create_engine(make_database(kind))
        engines.append(engine)
        return engine

    yield factory
    for engine in engines:
        engine.dispose()


def test_builds_a_marked_synthetic_portfolio_with_the_seeds_mix(engine_for):
    engine = engine_for("empty")
    ticks = []

    added = build_synthetic_portfolio(engine, 470, progress=ticks.append)

    assert added == 470 and sum(ticks) == 470
    with Session(engine) as session:
        projects = session.scalars(select(Project)).all()
        assert len(projects) == 470
        assert {p.source for p in projects} == {"synthetic"}
        assert all(p.code.startswith("SYNTH-") for p in projects)
        assert all("Synthetic record" in p.description for p in projects)
        assert Counter(p.status for p in projects) == {4: 400, 2: 70}  # 200:35, as the seed
        shares = defaultdict(list)
        for project_id, share in session.execute(
            select(ProjectTarget.project_id, ProjectTarget.share)
        ):
            shares[project_id].append(share)
        assert all(1 <= len(s) <= 5 for s in shares.values()) and len(shares) == 470
        assert all(all(x is None for x in s) or sum(s) == 100 for s in shares.values())
        last_change = (
            select(StatusChange.to_status)
            .where(StatusChange.project_id == Project.id)
            .order_by(StatusChange.effective_date.desc(), StatusChange.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        mismatched = session.scalar(select(func.count()).where(Project.status != last_change))
        assert mismatched == 0


def test_refuses_a_database_with_other_projects(engine_for):
    engine = engine_for("seeded")
    with pytest.raises(NotASyntheticDatabase, match="235 projects that are not synthetic"):
        build_synthetic_portfolio(engine, 10)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 235


def test_the_command_builds_elsewhere_and_never_in_the_apps_database(app, runner, make_database):
    target = make_database("empty")
    result = runner.invoke(args=["synth", "--projects", "25", "--database", target])
    assert result.exit_code == 0, result.output
    assert "Added 25 synthetic projects" in result.output

    own = runner.invoke(
        args=["synth", "--projects", "25", "--database", app.config["DATABASE_URL"]]
    )
    assert own.exit_code != 0
    assert "database of its own" in own.output
