"""The markers dashboard against the same figures found by walking the ORM objects, its
drill-downs against the register, and its budgets in one currency."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import add_figures, add_rate, make_project
from tracker.models import Organisation, Project, ProjectOrganisation
from tracker.models.results import ProjectMarker
from tracker.services.dashboards.markers import marker_dashboard
from tracker.services.register.search import AGENCY_ROLES, RegisterFilters, search_projects


def top_level(session) -> list[Project]:
    return list(session.scalars(select(Project).where(Project.parent_id.is_(None))))


def walked(projects: list[Project], marker: str) -> dict:
    """Per group (all, agency, goal): [projects, coded, scored 2-3], walking the objects."""
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for project in projects:
        score = next((m.score for m in project.markers if m.marker == marker), None)
        keys = {"all"}
        keys |= {
            link.organisation.acronym
            for link in project.organisations
            if link.role in AGENCY_ROLES and link.organisation.kind == "un_entity"
        }
        keys |= {f"goal {link.target.goal_number}" for link in project.targets}  # fmt: skip
        for key in keys:
            groups[key][0] += 1
            groups[key][1] += score is not None
            groups[key][2] += score is not None and score >= 2
    return dict(groups)


def dashboard_groups(figures, marker: str) -> dict:
    rows = [figures.overall, *figures.agencies,
            *(replace_key(row, f"goal {row.key}") for row in figures.goals)]  # fmt: skip
    return {row.key: [row.shares[marker].projects, row.shares[marker].coded,
                      row.shares[marker].high] for row in rows}  # fmt: skip


def replace_key(row, key):
    row.key = key
    return row


@pytest.mark.parametrize("marker", ["gender", "human_rights"])
def test_the_seed_counts_agree_with_the_objects(session, marker):
    figures = marker_dashboard(session, RegisterFilters(), currency="USD")
    assert dashboard_groups(figures, marker) == walked(top_level(session), marker)
    overall = figures.overall.shares[marker]
    # The seed leaves some projects not yet coded, counted apart, never as 0.
    assert 0 < overall.not_coded < overall.projects
    assert figures.scores[marker][None] == overall.not_coded
    assert sum(figures.scores[marker][s] for s in range(4)) == overall.coded


def test_filters_narrow_the_figures(session):
    filters = RegisterFilters(status=2, agency="UNDP")
    figures = marker_dashboard(session, filters, currency="USD")
    kept = [p for p in top_level(session) if p.status == 2 and any(
        link.organisation.acronym == "UNDP" and link.role in AGENCY_ROLES
        for link in p.organisations)]  # fmt: skip
    assert dashboard_groups(figures, "gender") == walked(kept, "gender")


def test_every_figure_drills_down_to_a_register_of_the_same_count(session):
    filters = RegisterFilters(active_from=2020)
    figures = marker_dashboard(session, filters, currency="USD")
    checked = 0
    for row in [figures.overall, *figures.agencies[:4], *figures.goals[:4]]:
        for share in row.shares.values():
            for which, count in (("coded", share.coded), ("not_coded", share.not_coded),
                                 ("high", share.high)):  # fmt: skip
                # As the register reads the link's address.
                args = filters.url_args(**dict(row.drill + share.drill(which)))
                asked, problems = RegisterFilters.from_args({k: str(v) for k, v in args.items()})
                assert problems == []
                assert search_projects(session, asked).total == count, (row.key, which)
                checked += 1
    assert checked == 54


@pytest.fixture
def currencies(make_app):
    """Three projects: USD GEM 2, EUR (with a 2024 rate) GEM 0, KZT without a rate GEM 3,
    and one not yet coded."""
    from tracker.extensions import db

    app = make_app("reference")
    with app.app_context():
        session = db.session
        undp = session.scalars(select(Organisation).where(Organisation.acronym == "UNDP")).one()
        made = {}
        for name, currency, budget, score in (("usd", "USD", "1000", 2), ("eur", "EUR", "500", 0),
                                              ("kzt", "KZT", "900000", 3),
                                              ("none", "USD", "300", None)):  # fmt: skip
            project = make_project(session, currency=currency, budget=Decimal(budget),
                                   actual_start=date(2024, 2, 1))  # fmt: skip
            project.organisations.append(ProjectOrganisation(organisation=undp, role=4))
            if score is not None:
                reason = "Why." if score else ""
                project.markers.append(
                    ProjectMarker(marker="gender", score=score, justification=reason)
                )
            made[name] = project
        add_figures(session, made["eur"], 2024, "EUR", required="500")
        add_rate(session, "EUR", 2024, "1.1")
        session.commit()
        yield session


def test_budgets_are_converted_and_money_without_a_rate_is_left_out_and_counted(currencies):
    figures = marker_dashboard(currencies, RegisterFilters(), currency="USD")
    gender = figures.overall.shares["gender"]
    assert (gender.projects, gender.coded, gender.high, gender.not_coded) == (4, 3, 2, 1)
    # 1,000 USD and 500 EUR at 1.1; the KZT project's 900,000 has no rate: left out.
    assert gender.budget_coded == Decimal("1550.00")
    assert gender.budget_high == Decimal("1000.00")
    assert gender.budget_share == Decimal("1000") / Decimal("1550")
    assert figures.left_out_projects == 1
    assert figures.left_out_pairs == (("KZT", 2024),)
    assert figures.agencies[0].key == "UNDP" and figures.agencies[0].projects == 4
