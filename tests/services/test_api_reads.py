"""The API's parameters: the register's filters, refused rather than ignored when wrong."""

from tests.factories import make_project
from tracker.services.api_reads import (
    LIST_PARAMETERS,
    dashboard_parameters,
    find_project,
    parse_parameters,
)


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
