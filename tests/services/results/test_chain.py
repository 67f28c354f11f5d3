"""The results chain: the seed's official and illustrative nodes, counts, and linking a
project to outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_project
from tracker.formats.csv_rows import RowError
from tracker.models import User
from tracker.models.results import ResultNode, project_outputs
from tracker.services.portfolio import revisions
from tracker.services.results import chain
from tracker.services.results.recording import Invalid
from tracker.services.results.seed_chain import load_chain

SEED = Path(__file__).parents[3] / "seed_data" / "results"


@pytest.fixture
def analyst(session) -> User:
    user = User(username="chain-analyst", display_name="Chain Analyst", role="analyst",
                password_hash="x")  # fmt: skip
    session.add(user)
    session.flush()
    return user


def test_the_seed_has_the_three_official_priorities_and_marks_the_rest(session):
    nodes = {n.code: n for n in session.scalars(select(ResultNode))}
    priorities = [n for n in nodes.values() if n.level == "priority"]
    assert sorted(n.title_en for n in priorities) == [
        "Effective institutions, human rights and gender equality",
        "Human development and equal participation",
        "Sustainable environment and inclusive economic development",
    ]
    assert not any(n.illustrative for n in priorities)
    assert all(n.illustrative for n in nodes.values() if n.level != "priority")
    assert all(n.parent.level == "outcome" for n in nodes.values() if n.level == "output")


def test_loading_the_seed_again_adds_nothing(session):
    before = session.scalar(select(func.count()).select_from(project_outputs))
    assert load_chain(session, SEED) == {"nodes": 0, "chain_indicators": 0, "chain_periods": 0,
                                         "project_outputs": 0}  # fmt: skip
    assert session.scalar(select(func.count()).select_from(project_outputs)) == before


def test_a_broken_row_stops_the_load_with_its_file_and_line(session, tmp_path):
    for name in ("chain.csv", "chain_targets.csv", "chain_indicators.csv", "chain_periods.csv",
                 "project_outputs.csv"):  # fmt: skip
        (tmp_path / name).write_text((SEED / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "chain.csv").open("a", encoding="utf-8") as file:
        file.write("NEW,output,SP1,1,An output under a priority,true\n")
    with pytest.raises(RowError) as broken:
        load_chain(session, tmp_path)
    assert "chain.csv" in str(broken.value) and "23" in str(broken.value)


def test_a_node_counts_each_project_under_it_once(session):
    found = chain.read_chain(session)
    for priority in found.priorities:
        _node, projects = chain.output_projects(session, priority.code)
        assert found.project_counts[priority.id] == len(projects)
        for outcome in priority.children:
            under = {p.id for o in outcome.children for p in o.projects}
            assert found.project_counts[outcome.id] == len(under)


def test_a_project_is_linked_to_outputs_and_the_log_says_so(session, analyst):
    project = make_project(session)
    changed = chain.set_outputs(session, project, ["OP1.1.1", "OP3.2.2"], editor=analyst,
                                expected_version=project.version)  # fmt: skip
    assert changed and [n.code for n in project.outputs] == ["OP1.1.1", "OP3.2.2"]
    (_revision, changes), *_ = revisions.change_log(project)
    assert [(c.label, c.after) for c in changes] == [("Contributes to outputs",
                                                      "OP1.1.1, OP3.2.2")]  # fmt: skip
    assert not chain.set_outputs(session, project, ["OP3.2.2", "OP1.1.1"], editor=analyst,
                                 expected_version=project.version)  # fmt: skip


def test_only_outputs_can_be_chosen_and_a_stale_form_is_refused(session, analyst):
    project = make_project(session)
    with pytest.raises(Invalid):
        chain.set_outputs(session, project, ["OC1.1"], editor=analyst,
                          expected_version=project.version)  # fmt: skip
    assert project.outputs == []
    with pytest.raises(revisions.VersionConflict):
        chain.set_outputs(session, project, ["OP1.1.1"], editor=analyst,
                          expected_version=project.version - 1 or 99)  # fmt: skip
