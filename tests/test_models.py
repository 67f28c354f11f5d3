"""The database itself refuses rows that break the model's rules."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.factories import make_project
from tracker.models import (
    Organisation,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    StatusChange,
    Target,
    User,
)


@pytest.fixture
def session(make_app):
    from tracker.extensions import db

    app = make_app("reference")
    with app.app_context():
        yield db.session
        db.session.rollback()


def test_a_valid_project_is_stored(session):
    project = make_project(session, targets=("3.8", "5.a"))
    assert project.id is not None
    assert project.version == 1
    assert [link.target.code for link in project.targets] == ["3.8", "5.a"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": 7},
        {"budget": Decimal("-1")},
        {"planned_start": date(2025, 1, 1), "planned_end": date(2024, 1, 1)},
        {"actual_start": date(2025, 1, 1), "actual_end": date(2024, 1, 1)},
        {"status": 4, "actual_end": None},
        {"source": "rumour"},
        {"currency": "XXQ"},
    ],
    ids=[
        "status",
        "budget",
        "planned-dates",
        "actual-dates",
        "closed-no-end",
        "source",
        "currency",
    ],
)
def test_bad_project_rows_are_refused(session, fields):
    with pytest.raises(IntegrityError):
        make_project(session, **fields)


def test_project_codes_are_unique(session):
    make_project(session, code="DUP-1")
    with pytest.raises(IntegrityError):
        make_project(session, code="DUP-1")


@pytest.mark.parametrize("share", [Decimal("0"), Decimal("100.01"), Decimal("-5")])
def test_link_shares_must_be_percentages(session, share):
    project = make_project(session, targets=())
    target = session.scalars(select(Target).where(Target.code == "13.2")).one()
    session.add(ProjectTarget(project=project, target=target, share=share))
    with pytest.raises(IntegrityError):
        session.flush()


@pytest.mark.parametrize(
    "link",
    [
        lambda p: ProjectSector(project=p, sector_code="99999"),
        lambda p: ProjectPlace(project=p, place_code="KZ-00"),
        lambda p: ProjectTarget(project=p, target_id=999_999),
    ],
    ids=["sector", "place", "target"],
)
def test_links_to_unknown_reference_codes_are_refused(session, link):
    project = make_project(session, targets=())
    session.add(link(project))
    with pytest.raises(IntegrityError):
        session.flush()


def test_organisation_roles_are_iati_roles(session):
    project = make_project(session)
    undp = session.scalars(select(Organisation).where(Organisation.acronym == "UNDP")).one()
    session.add(ProjectOrganisation(project=project, organisation=undp, role=5))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_status_change_must_change_the_status(session):
    project = make_project(session)
    session.add(
        StatusChange(
            project=project, from_status=2, to_status=2,
            effective_date=date(2025, 1, 1), changed_by="t", reason="r",
        )
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        session.flush()


def test_status_history_cannot_be_rewritten(session):
    project = make_project(session)
    first = project.history[0].id
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(
            update(StatusChange).where(StatusChange.id == first).values(reason="rewritten")
        )


def test_user_roles_are_known(session):
    session.add(User(username="someone", password_hash="x", role="superuser"))
    with pytest.raises(IntegrityError):
        session.flush()
