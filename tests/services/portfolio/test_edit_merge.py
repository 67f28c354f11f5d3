"""Merging an edit made on an older version with what others saved since, field by field."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.services.portfolio.test_projects import TODAY, data
from tracker.models import Organisation, User
from tracker.services.portfolio import edit_merge, revisions
from tracker.services.portfolio.edit_merge import CONFLICT, MINE, SAME, THEIRS, decide
from tracker.services.portfolio.projects import create_project, update_project

BASE = {"title": "Water", "description": "Pipes.", "budget": "100.00"}


def test_decide_takes_each_side_only_where_it_changed_something():
    theirs = {**BASE, "description": "Pipes and pumps."}
    mine = {**BASE, "title": "Clean water"}
    decisions = decide(BASE, theirs, mine)
    assert (decisions["title"], decisions["description"], decisions["budget"]) == (
        MINE, THEIRS, SAME,
    )  # fmt: skip


def test_decide_finds_a_conflict_where_both_changed_a_field_differently():
    theirs, mine = {**BASE, "title": "Theirs"}, {**BASE, "title": "Mine"}
    assert decide(BASE, theirs, mine)["title"] == CONFLICT
    assert decide(BASE, {**BASE, "title": "Same"}, {**BASE, "title": "Same"})["title"] == SAME
    # The user's answer settles it; an empty answer does not.
    assert decide(BASE, theirs, mine, {"title": "theirs"})["title"] == THEIRS
    assert decide(BASE, theirs, mine, {"title": "mine"})["title"] == MINE
    assert decide(BASE, theirs, mine, {"title": ""})["title"] == CONFLICT
    # Without the opened version, every difference is the user's to settle.
    assert decide(None, theirs, {**BASE, "title": "Theirs", "budget": "5.00"})["budget"] == CONFLICT


values = st.sampled_from(["a", "b", "c"])
snapshots = st.fixed_dictionaries({field: values for field in ("title", "budget", "targets")})


@given(base=snapshots, theirs=snapshots, mine=snapshots)
def test_no_saved_change_is_ever_overwritten_unasked(base, theirs, mine):
    for field, decision in decide(base, theirs, mine).items():
        if decision == THEIRS:  # the user's value is dropped only where they changed nothing
            assert mine.get(field, "") == base.get(field, "")
        if decision == MINE:  # theirs is overwritten only where they changed nothing
            assert theirs.get(field, "") == base.get(field, "")
        if decision == CONFLICT:
            assert len({base.get(field, ""), theirs.get(field, ""), mine.get(field, "")}) == 3


@pytest.fixture
def users(session):
    return {u.username: u for u in session.scalars(select(User))}


@pytest.fixture
def project(session, users):
    unicef = session.scalar(select(Organisation.id).where(Organisation.acronym == "UNICEF"))
    made = data(description="Pipes.", organisations=[(unicef, 2)], texts={"ru": ("Вода", "")})
    return create_project(session, made, 2, users["analyst"], today=TODAY)


def test_the_form_and_the_revisions_write_a_project_alike(session, project):
    opened = edit_merge.project_data(project)
    written = edit_merge.data_snapshot(session, opened, project)
    stored = revisions.snapshot(project)
    assert {field: stored.get(field, "") for field in edit_merge.EDIT_FIELDS} == written


def test_a_stale_save_applies_only_the_users_changes(session, project, users):
    opened = edit_merge.project_data(project)
    theirs = replace(opened, description="Pipes and pumps.", targets=[("6.1", None)])
    update_project(session, project, theirs, users["admin"], expected_version=1, today=TODAY)
    kept = edit_merge.save_edit(session, project, replace(opened, title="Clean water"),
                                users["analyst"], opened_version=1, today=TODAY)  # fmt: skip
    assert (project.title, project.description, project.version) == (
        "Clean water", "Pipes and pumps.", 3,
    )  # fmt: skip
    assert [link.target.code for link in project.targets] == ["6.1"]
    assert [(c.field, c.who) for c in kept] == [
        ("description", users["admin"].label), ("targets", users["admin"].label),
    ]  # fmt: skip


def test_a_field_both_changed_waits_for_the_users_choice(session, project, users):
    opened = edit_merge.project_data(project)
    theirs = replace(opened, budget=Decimal("300000"), description="Theirs.")
    update_project(session, project, theirs, users["admin"], expected_version=1, today=TODAY)
    mine = replace(opened, budget=Decimal("275000.50"), texts={"ru": ("Чистая вода", "")})
    with pytest.raises(edit_merge.EditConflict) as found:
        edit_merge.save_edit(session, project, mine, users["analyst"], opened_version=1,
                             today=TODAY)  # fmt: skip
    conflict = found.value
    assert [(c.field, c.theirs, c.mine, c.who) for c in conflict.conflicts] == [
        ("budget", "300000.00", "275000.50", users["admin"].label),
    ]
    # The form shows their description, the user's budget and texts until they choose.
    merged = conflict.merged
    assert (merged.description, merged.budget, merged.texts) == (
        "Theirs.", Decimal("275000.50"), {"ru": ("Чистая вода", "")},
    )  # fmt: skip
    assert project.version == 2  # nothing saved
    edit_merge.save_edit(session, project, merged, users["analyst"], opened_version=2,
                         choices={"budget": "theirs"}, today=TODAY)  # fmt: skip
    assert (project.budget, project.description, project.version) == (300000, "Theirs.", 3)
    assert {t.language: t.title for t in project.texts} == {"ru": "Чистая вода"}


def test_a_merge_that_breaks_a_rule_is_refused_with_the_merged_values(session, project, users):
    opened = edit_merge.project_data(project)
    theirs = replace(opened, planned_start=TODAY.replace(year=2026, month=1, day=1))
    update_project(session, project, theirs, users["admin"], expected_version=1, today=TODAY)
    mine = replace(opened, planned_end=TODAY.replace(year=2025, month=6, day=30))
    with pytest.raises(edit_merge.MergedInvalid) as refused:
        edit_merge.save_edit(session, project, mine, users["analyst"], opened_version=1,
                             today=TODAY)  # fmt: skip
    assert "planned_end" in refused.value.problems
    assert refused.value.merged.planned_start == TODAY.replace(month=1, day=1)
