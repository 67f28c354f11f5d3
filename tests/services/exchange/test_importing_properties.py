"""Property tests of the import: whatever text and amounts a CSV or IATI file carries, the
plan either names a problem for the row (or the activity, or the file), or the import
stores exactly what the plan showed, read back from the database (SQLite and PostgreSQL).
Nothing may raise.

The database is the test's own copy, reused by every example and rolled back after each,
so the examples stay fast (about 50 of each, a few seconds per database).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.formats.csv_import import read_projects_csv
from tracker.formats.iati import read_activities
from tracker.models import Project, ProjectTarget, User
from tracker.services.exchange.importing import RULES, apply_import, plan_import

TODAY = date(2026, 6, 1)
EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as people and programs put it in files: any character (NUL, controls, line breaks,
# quotes, formula starts, any script), sometimes longer than a column holds.
WILD_TEXT = st.text(max_size=40) | st.text(min_size=280, max_size=320)
WILD_AMOUNT = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.from_regex(r"-?\d{0,20}([.,]\d{0,4})?([eE][+-]?\d{1,4})?", fullmatch=True),
    st.text(max_size=12),
)
# Ordinary values (any script, no control characters), so that an example's one wild
# value decides whether it is stored.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
AMOUNT = st.decimals(min_value=0, max_value=10**12, places=2).map(str)
SHARE = st.decimals(min_value=1, max_value=99, places=2).map(str)
DAY = st.dates().map(date.isoformat)  # years 1 to 9999: both databases keep them all
# Values known to trouble one database or the other, so every run tries some of them.
NASTY = st.sampled_from([
    "A\0B", "\0", "1e308", "-1e308", "99999999999999999999.99", "99999999999999.99",
    "9999999999999.99", "1E+999999", "1e-999999", "NaN", "-Infinity", "-0", "12.345",
    "33.333", "0", "100.001", "1,5", "'=1+1", " ", "\r\n", "Ж" * 301, "x" * 101, "x" * 21,
])  # fmt: skip
WILD = WILD_TEXT | WILD_AMOUNT | NASTY
STORED = {"csv": 0, "xml": 0}  # examples that reached the database, for -s runs to report


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def stored(session, code: str) -> Project:
    session.expire_all()
    return session.scalars(
        select(Project)
        .where(Project.code == code)
        .options(
            selectinload(Project.targets).joinedload(ProjectTarget.target),
            selectinload(Project.texts),
            selectinload(Project.recipients),
        )
    ).one()


def import_and_check(session, analyst, records, problems, kind: str, check) -> object:
    """Plan and, when the plan creates the project, import it and ``check(planned, project)``
    against the database's own copy; the session is rolled back either way. Returns the plan."""
    try:
        plan = plan_import(session, records, problems, rules=RULES[kind], today=TODAY)
        if not plan.has_errors and plan.creates:
            apply_import(session, plan, analyst, today=TODAY)
            session.flush()
            (planned,) = plan.creates
            check(planned.data, stored(session, planned.code))
            STORED[kind] += 1
        return plan
    finally:
        session.rollback()


def csv_file(cells: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(cells), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(cells)
    return out.getvalue().encode()


@EXAMPLES
@given(
    values=st.fixed_dictionaries({
        "code": TEXT, "title": TEXT, "description": TEXT, "title_ru": TEXT, "budget": AMOUNT,
        "share": SHARE, "start": DAY, "end": DAY,
    }),
    wild=st.sampled_from(["code", "title", "description", "title_ru", "budget", "share"]),
    value=WILD,
)  # fmt: skip
def test_any_csv_cell_is_a_problem_on_its_line_or_stored_as_planned(
    session, analyst, values, wild, value
):
    values[wild] = value
    code, title, description, title_ru, budget, share = (
        values[name] for name in ("code", "title", "description", "title_ru", "budget", "share")
    )
    start, end = sorted((values["start"], values["end"]))  # ISO dates sort as days
    try:
        rest = format(100 - Decimal(share), "f")
    except ArithmeticError:
        rest = "50"
    data = csv_file({
        "code": f"HYP-{code}", "title": title, "description": description, "status": "1",
        "budget": budget, "sdg_targets": f"3.8 ({share}%); 6.1 ({rest}%)", "title_ru": title_ru,
        "planned_start": start, "planned_end": end,
    })  # fmt: skip

    def check(wanted, project):
        assert (project.code, project.title, project.description) == (
            wanted.code,
            wanted.title,
            wanted.description,
        )
        assert project.budget == wanted.budget
        assert (project.planned_start, project.planned_end) == (
            wanted.planned_start,
            wanted.planned_end,
        )
        assert format(project.budget, ".2f") == format(wanted.budget, ".2f")
        assert sorted((link.target.code, link.share) for link in project.targets) == sorted(
            wanted.targets
        )
        assert {t.language: (t.title, t.description) for t in project.texts} == wanted.texts

    plan = import_and_check(session, analyst, *read_projects_csv(data), "csv", check)
    if plan.has_errors:
        assert {p.where for p in plan.errors} == {"line 2"}, plan.errors
    else:
        assert len(plan.creates) == 1, plan.problems


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


@EXAMPLES
@given(
    values=st.fixed_dictionaries({
        "title": TEXT, "description": TEXT, "value": AMOUNT, "country": st.just("KG"),
        "name": TEXT, "percentage": SHARE,
    }),
    wild=st.sampled_from(["title", "description", "value", "country", "name", "percentage"]),
    wild_value=WILD,
)  # fmt: skip
def test_any_iati_text_or_amount_skips_the_activity_or_is_stored_as_planned(
    session, analyst, values, wild, wild_value
):
    values[wild] = wild_value
    title, description, value, country, name, percentage = (
        values[name] for name in ("title", "description", "value", "country", "name", "percentage")
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        '<iati-activity default-currency="USD"><iati-identifier>XM-HYP-1</iati-identifier>'
        f"<title><narrative>{xml_text(title)}</narrative></title>"
        f'<description type="1"><narrative>{xml_text(description)}</narrative></description>'
        '<activity-status code="2"/><activity-date type="2" iso-date="2025-01-01"/>'
        f'<recipient-country code="{xml_attribute(country)}" '
        f'percentage="{xml_attribute(percentage)}"><narrative>{xml_text(name)}</narrative>'
        '</recipient-country><tag vocabulary="3" code="13.2"/>'
        f'<budget type="1"><value>{xml_text(value)}</value></budget>'
        "</iati-activity></iati-activities>"
    ).encode()

    def check(wanted, project):
        assert (project.title, project.description) == (wanted.title, wanted.description)
        assert project.budget == wanted.budget
        assert [(r.kind, r.code, r.name, r.share) for r in project.recipients] == [
            (r.kind, r.code, r.name, r.share) for r in wanted.recipients or []
        ]
        assert [(p.place_code, p.share) for p in project.places] == list(wanted.places)

    records, problems = read_activities(data)
    plan = import_and_check(session, analyst, records, problems, "xml", check)
    if not plan.creates:
        # The file could not be read (an error), or the activity is skipped and says why.
        assert plan.has_errors or plan.skipped == 1, plan.problems


def test_a_negative_zero_budget_reads_as_zero():
    """-0 is stored as 0; the plan must not show (nor compare) a "-0.00"."""
    records, _ = read_projects_csv(csv_file({"code": "X", "title": "T", "budget": "-0"}))
    assert records[0].budget == Decimal(0) and not records[0].budget.is_signed()
