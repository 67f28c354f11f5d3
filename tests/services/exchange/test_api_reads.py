"""The API's parameters: the register's filters, refused rather than ignored when wrong."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.factories import make_project
from tracker.models import StrategicDocument
from tracker.services.exchange.api_reads import (
    LIST_PARAMETERS,
    dashboard_parameters,
    find_project,
    parse_parameters,
    unknown_in_database,
    unknown_values,
)
from tracker.services.register.reference import load_reference


def test_good_parameters_become_the_registers_filters():
    filters, problems = parse_parameters(
        {"goal": "13", "target": "13.A", "place": "kz-75", "dir": "asc", "q": "  wind  farm "},
        LIST_PARAMETERS,
    )
    assert problems == {}
    assert (filters.goal, filters.target, filters.place) == (13, "13.a", "KZ-75")
    assert (filters.direction, filters.q) == ("asc", "wind farm")


def test_each_problem_is_filed_under_its_parameter():
    _, problems = parse_parameters(
        {"status": "7", "goal": "x", "colour": "red", "end_from": "2030", "end_to": "2020"},
        LIST_PARAMETERS,
    )
    assert problems == {
        "status": ["Status “7” should be a number from 1 to 6."],
        "goal": ["SDG goal “x” should be a number from 1 to 17."],
        "colour": [f"Unknown parameter “colour”; use {', '.join(LIST_PARAMETERS)}."],
        "end_from": ["end_from (2030) is after end_to (2020)."],
    }


def test_the_dashboard_takes_a_mode_but_no_paging():
    _, mode, problems = dashboard_parameters({"mode": "budget"})
    assert (mode, problems) == ("budget", {})
    _, mode, problems = dashboard_parameters({"mode": "pie", "per_page": "25"})
    assert set(problems) == {"mode", "per_page"} and mode == "pie"


def test_a_project_is_found_by_code_before_id(session):
    numeric = make_project(session, code="424242")
    other = make_project(session)
    assert find_project(session, other.code) is other
    assert find_project(session, str(other.id)) is other
    assert find_project(session, "424242") is numeric
    assert find_project(session, "NO-SUCH") is None
    assert find_project(session, "9" * 30) is None


def test_values_the_database_does_not_know_are_problems(session):
    names = load_reference(session)
    filters, _ = parse_parameters(
        {"target": "3.99", "agency": "undp", "funder": "NOBODY", "sector": "999", "place": "KZ-99"},
        LIST_PARAMETERS,
    )
    assert unknown_values(names, filters) == {
        "target": ["There is no SDG target “3.99”."],
        "agency": ["There is no organisation with the acronym “undp”; did you mean UNDP?"],
        "funder": ["There is no organisation with the acronym “NOBODY”."],
        "sector": ["There is no DAC sector category “999”."],
        "place": ["There is no place with the code “KZ-99”."],
    }
    known, _ = parse_parameters(
        {"target": "13.a", "agency": "UN Women", "funder": "GEF", "sector": "231", "place": "kz"},
        LIST_PARAMETERS,
    )
    assert unknown_values(names, known) == {}


def test_a_strategic_document_the_database_does_not_know_is_a_problem(session):
    unknown, _ = parse_parameters({"document": "NO-SUCH-PLAN"}, LIST_PARAMETERS)
    assert unknown_in_database(session, unknown) == {
        "document": ["There is no strategic document with the code “NO-SUCH-PLAN”."]
    }
    code = session.scalars(select(StrategicDocument.code)).first()
    known, _ = parse_parameters({"document": code}, LIST_PARAMETERS)
    assert unknown_in_database(session, known) == {}


def test_a_parameter_given_twice_is_a_problem():
    args = MultiDict([("status", "2"), ("status", "3"), ("goal", "13")])
    filters, problems = parse_parameters(args, LIST_PARAMETERS)
    assert problems == {
        "status": ["status is given 2 times; give it once (one value per parameter)."]
    }
    assert filters.status is None and filters.goal == 13
