"""Property test of the results an IATI import brings: whatever a generated results block
holds, the activity either imports with exactly the results, indicators, periods,
breakdowns and policy markers the preview promised, or is left out with a problem that
names the result, indicator and period, and the database is unchanged; on both databases."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.services.exchange.test_importing_properties import (
    AMOUNT,
    DAY,
    EXAMPLES,
    TEXT,
    WILD,
    xml_attribute,
    xml_text,
)
from tracker.formats.iati import read_activities
from tracker.models import Project, User
from tracker.models.results import (
    IndicatorPeriod,
    PeriodBreakdown,
    ProjectPolicyMarker,
    ProjectResult,
    ResultIndicator,
)
from tracker.services.exchange.iati_results import stored_results
from tracker.services.exchange.importing import RULES, apply_import, plan_import

TODAY = date(2026, 6, 1)
TABLES = (ProjectResult, ResultIndicator, IndicatorPeriod, PeriodBreakdown, ProjectPolicyMarker)
VALUE = st.one_of(AMOUNT, AMOUNT, st.just(""), WILD)  # mostly numbers, some anything
a, t = xml_attribute, xml_text


@st.composite
def value(draw, tag: str) -> str:
    number = draw(VALUE)
    category = draw(st.sampled_from(["", "female", "male"]))
    comment = draw(st.sampled_from(["", "A note"]) | TEXT)
    dimension = f'<dimension name="sex" value="{category}"/>' if category else ""
    note = f"<comment><narrative>{t(comment)}</narrative></comment>" if comment else ""
    return f'<{tag} value="{a(number)}">{dimension}{note}</{tag}>'


@st.composite
def period(draw) -> str:
    start = draw(st.sampled_from(["2024-01-01", "2025-01-01"]) | DAY)
    end = draw(st.sampled_from(["2024-12-31", "2025-12-31"]) | DAY)
    values = draw(st.lists(value("target") | value("actual"), max_size=3))
    values.sort(key=lambda v: not v.startswith("<target"))  # the schema's order
    return (f'<period><period-start iso-date="{start}"/><period-end iso-date="{end}"/>'
            f"{''.join(values)}</period>")  # fmt: skip


@st.composite
def indicator(draw) -> str:
    measure = draw(st.sampled_from(["1", "2", "3", "4", "5", "7"]))
    ascending = draw(st.sampled_from(["", "0", "1", "true", "false"]))
    reference = draw(st.sampled_from(["", '<reference vocabulary="9" code="4.4.1"/>',
                                      '<reference vocabulary="9" code="99.9.9"/>',
                                      '<reference vocabulary="99" code="OWN"/>']))  # fmt: skip
    baseline = ""
    if draw(st.booleans()):
        year = draw(st.sampled_from(["2023", "2023", "1800", "abc"]))
        baseline = f'<baseline year="{year}" value="{a(draw(VALUE))}"/>'
    title = draw(TEXT)
    periods = "".join(draw(st.lists(period(), max_size=2)))
    extra = f' ascending="{ascending}"' if ascending else ""
    return (f'<indicator measure="{measure}"{extra}><title><narrative>{t(title)}</narrative>'
            f"</title>{reference}{baseline}{periods}</indicator>")  # fmt: skip


@st.composite
def results_block(draw) -> str:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["1", "2", "3", "9", "0"]))
        indicators = "".join(draw(st.lists(indicator(), min_size=1, max_size=2)))
        found.append(f'<result type="{kind}"><title><narrative>{t(draw(TEXT))}</narrative>'
                     f"</title>{indicators}</result>")  # fmt: skip
    return "".join(found)


MARKER = st.sampled_from([
    '<policy-marker vocabulary="1" code="1" significance="2"/>',
    '<policy-marker code="7" significance="9"/>',
    '<policy-marker vocabulary="99" code="OWN"><narrative>Own</narrative></policy-marker>',
])  # fmt: skip


def document(markers: str, results: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
        '<iati-activity default-currency="USD" xml:lang="en">'
        "<iati-identifier>XM-HYP-RES</iati-identifier>"
        "<title><narrative>Results</narrative></title>"
        '<activity-status code="2"/><tag vocabulary="3" code="13.2"/>'
        f"{markers}{results}</iati-activity></iati-activities>"
    ).encode()


def counts(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in TABLES)


@settings(parent=EXAMPLES, max_examples=100)
@given(results=results_block(), markers=st.lists(MARKER, max_size=3))
def test_results_import_as_the_preview_promised_or_leave_the_database_unchanged(
    session, results, markers
):
    analyst = session.scalars(select(User).where(User.username == "analyst")).one()
    records, problems = read_activities(document("".join(markers), results))
    before = counts(session)
    if not records:  # characters XML cannot carry: the file is refused as a whole
        assert [p.severity for p in problems] == ["error"]
        return
    try:
        plan = plan_import(session, records, problems, rules=RULES["xml"], today=TODAY)
        if not plan.creates:
            assert plan.skipped == 1, plan.problems
            assert any(p.column == "result" and p.code == "XM-HYP-RES" for p in plan.problems)
            apply_import(session, plan, analyst, today=TODAY)
            session.flush()
            assert counts(session) == before
            assert session.scalar(select(Project).where(Project.code == "XM-HYP-RES")) is None
            return
        (planned,) = plan.creates
        apply_import(session, plan, analyst, today=TODAY)
        session.flush()
        session.expire_all()
        project_id = session.scalar(select(Project.id).where(Project.code == "XM-HYP-RES"))
        found = stored_results(session, [project_id])[project_id]
        assert (found.results, found.policy_markers) == (
            planned.results.results, planned.results.policy_markers)  # fmt: skip
        results_n, indicators_n, periods_n, markers_n = planned.results.counts()
        added = [now - then for now, then in zip(counts(session), before, strict=True)]
        assert (added[0], added[1], added[2], added[4]) == (
            results_n, indicators_n, periods_n, markers_n)  # fmt: skip
    finally:
        session.rollback()
