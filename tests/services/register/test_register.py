"""The register's filters, sorting and pages, each checked against Python over all projects."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from tests.factories import make_project
from tests.sql_capture import capture
from tracker.models import (
    Organisation,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    ProjectText,
)
from tracker.services.register.filters import SORT_COLUMNS
from tracker.services.register.reference import load_reference
from tracker.services.register.search import (
    RegisterFilters,
    filtered_select,
    ordered_select,
    search_projects,
)


@pytest.fixture
def everything(session) -> list[Project]:
    """Every project with its links, read the plain ORM way."""
    return session.scalars(
        select(Project).options(
            selectinload(Project.targets).selectinload(ProjectTarget.target),
            selectinload(Project.sectors).selectinload(ProjectSector.sector),
            selectinload(Project.places),
            selectinload(Project.organisations).selectinload(ProjectOrganisation.organisation),
        )
    ).all()


def matching(session, **filters) -> set[int]:
    return set(session.scalars(filtered_select(RegisterFilters(**filters), Project.id)))


def start(p: Project) -> date | None:
    return p.actual_start or p.planned_start


def end(p: Project) -> date | None:
    return p.actual_end or p.planned_end


def orgs(p: Project, roles: tuple[int, ...]) -> set[str]:
    return {link.organisation.acronym for link in p.organisations if link.role in roles}


# Each filter, and the same question answered in Python.
CASES = [
    ({"status": 2}, lambda p: p.status == 2),
    ({"status": 4}, lambda p: p.status == 4),
    ({"goal": 13}, lambda p: any(t.target.goal_number == 13 for t in p.targets)),
    ({"goal": 3}, lambda p: any(t.target.goal_number == 3 for t in p.targets)),
    ({"target": "3.8"}, lambda p: any(t.target.code == "3.8" for t in p.targets)),
    ({"sector": "121"}, lambda p: any(s.sector.category_code == "121" for s in p.sectors)),
    ({"place": "KZ-75"}, lambda p: any(pl.place_code == "KZ-75" for pl in p.places)),
    ({"agency": "UNDP"}, lambda p: "UNDP" in orgs(p, (2, 3, 4))),
    ({"agency": "MoH"}, lambda p: "MoH" in orgs(p, (2, 3, 4))),
    ({"funder": "GEF"}, lambda p: "GEF" in orgs(p, (1,))),
    ({"start_from": 2015}, lambda p: start(p) and start(p).year >= 2015),
    ({"start_to": 2012}, lambda p: start(p) and start(p).year <= 2012),
    ({"start_from": 2016, "start_to": 2018}, lambda p: start(p) and 2016 <= start(p).year <= 2018),
    ({"end_from": 2024, "end_to": 2026}, lambda p: end(p) and 2024 <= end(p).year <= 2026),
    ({"status": 4, "goal": 13, "agency": "UNDP"},
     lambda p: p.status == 4 and "UNDP" in orgs(p, (2, 3, 4))
     and any(t.target.goal_number == 13 for t in p.targets)),
]  # fmt: skip


@pytest.mark.parametrize(("filters", "keep"), CASES, ids=[str(f) for f, _ in CASES])
def test_each_filter_keeps_exactly_the_projects_python_finds(session, everything, filters, keep):
    expected = {p.id for p in everything if keep(p)}
    assert 0 < len(expected) < len(everything), "the case should tell something"
    assert matching(session, **filters) == expected
    count = session.scalar(filtered_select(RegisterFilters(**filters), func.count(Project.id)))
    assert count == len(expected)


def words_match(p: Project, q: str) -> bool:
    texts = [p.code.lower(), p.title.lower(), p.description.lower()]
    return all(any(word.lower() in text for text in texts) for word in q.split())


@pytest.mark.parametrize("q", ["water", "WATER", "Kazakhstan health", "illus-kz-undp", "e"])
def test_text_search_finds_every_word_in_code_title_or_description(session, everything, q):
    expected = {p.id for p in everything if words_match(p, q)}
    assert expected
    assert matching(session, q=q) == expected


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("%", {"100% renewable", "50%_off"}),
        ("_", {"snake_case tools", "50%_off"}),
        ("0%_", {"50%_off"}),
        ('"quoted"', {'A "quoted" word'}),
        ("O'Brien", {"O'Brien's farm"}),
        ("'; DROP TABLE projects; --", set()),
    ],
)
def test_text_search_treats_wildcards_and_quotes_as_plain_characters(session, q, titles):
    for title in ("100% renewable", "50%_off", "snake_case tools", 'A "quoted" word',
                  "O'Brien's farm", "100 percent"):  # fmt: skip
        make_project(session, title=title, description="")
    found = session.scalars(filtered_select(RegisterFilters(q=q), Project.title)).all()
    assert set(found) == titles
    assert session.scalar(select(func.count()).select_from(Project)) > 235  # table still there


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("алматы", {"KK-1", "RU-1"}),  # Kazakh and Russian capitals fold on both databases
        ("ӘЙЕЛДЕР", {"KK-1"}),  # Kazakh-only letters too
        ("женщин", {"RU-1"}),
        ("суармалы", {"EN-1"}),  # found through the project's title in Kazakh
    ],
)
def test_text_search_ignores_case_in_kazakh_and_russian_and_reads_other_languages(
    session, q, codes
):
    make_project(session, code="KK-1", title="Алматы облысындағы Әйелдер кооперативтері")
    make_project(session, code="RU-1", title="Поддержка женщин-фермеров, Алматы")
    project = make_project(session, code="EN-1", title="Irrigation pilot")
    project.texts.append(ProjectText(language="kk", title="Суармалы егіншілік пилоты"))
    session.flush()
    found = session.scalars(filtered_select(RegisterFilters(q=q), Project.code)).all()
    assert set(found) == codes


def sort_value(p: Project, column: str):
    un_agencies = [o.organisation.acronym.lower() for o in p.organisations
                   if o.role in (2, 3, 4) and o.organisation.kind == "un_entity"]  # fmt: skip
    return {
        "code": p.code, "title": p.title.lower(), "status": p.status, "budget": p.budget,
        "start": start(p), "end": end(p),
        "agencies": min(un_agencies, default=None),
        "goals": min((t.target.goal_number for t in p.targets), default=None),
        "sectors": min((s.sector.category.name.lower() for s in p.sectors), default=None),
        "places": min((pl.place.name.lower() for pl in p.places), default=None),
    }[column]  # fmt: skip


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("column", list(SORT_COLUMNS))
def test_sorting_by_any_column_with_ties_broken_by_id(session, everything, column, direction):
    filters = RegisterFilters(sort=column, direction=direction)
    ordered = session.scalars(ordered_select(filters, Project.id)).all()
    by_id = {p.id: p for p in everything}
    present = [p for p in everything if sort_value(p, column) is not None]
    missing = [p for p in everything if sort_value(p, column) is None]
    descending = direction == "desc"
    expected = sorted(present, key=lambda p: (sort_value(p, column), p.id), reverse=descending)
    # Projects without a value come last either way.
    expected += sorted(missing, key=lambda p: p.id, reverse=descending)
    assert [by_id[i].id for i in ordered] == [p.id for p in expected]


def test_pages_cover_the_matching_projects_once_each(session):
    filters = RegisterFilters(status=4, sort="budget", direction="desc", per_page=25)
    first = search_projects(session, filters)
    assert first.total == len(matching(session, status=4))
    assert first.pages == -(-first.total // 25) and len(first.rows) == 25
    seen = []
    for page in range(1, first.pages + 1):
        result = search_projects(session, replace(filters, page=page))
        assert result.page == page and result.first == (page - 1) * 25 + 1
        seen += [row.project.id for row in result.rows]
    assert len(seen) == len(set(seen)) == first.total
    budgets = [session.get(Project, i).budget for i in seen]
    assert budgets == sorted(budgets, reverse=True)


def test_a_page_past_the_end_shows_the_last_page(session):
    result = search_projects(session, RegisterFilters(page=999))
    assert result.page == result.pages == 5 and result.filters.page == 5
    assert len(result.rows) == 235 - 4 * 50 and result.last == 235


def test_nothing_matching_is_one_empty_page(session):
    result = search_projects(session, RegisterFilters(q="no-such-words-anywhere"))
    assert (result.total, result.page, result.pages, result.rows) == (0, 1, 1, [])
    assert result.first == result.last == 0


def test_rows_carry_their_un_agencies_goals_sectors_and_places(session):
    project = make_project(session, targets=("13.2", "3.8", "13.3"), title="Linked")
    undp, moh, gef = (session.scalar(select(Organisation).where(Organisation.acronym == a))
                      for a in ("UNDP", "MoH", "GEF"))  # fmt: skip
    project.organisations += [ProjectOrganisation(organisation=undp, role=2),
                              ProjectOrganisation(organisation=undp, role=4),
                              ProjectOrganisation(organisation=moh, role=4),
                              ProjectOrganisation(organisation=gef, role=1)]  # fmt: skip
    project.sectors += [ProjectSector(sector_code=code) for code in ("12230", "12110", "12220")]
    project.places += [ProjectPlace(place_code=code) for code in ("KZ-75", "KZ-71")]
    session.flush()
    session.expire_all()
    (row,) = search_projects(session, RegisterFilters(q=project.code)).rows
    assert [o.acronym for o in row.agencies] == ["UNDP"]  # UN entities in agency roles, once
    assert row.goals == [(3, "Good health and well-being"), (13, "Climate action")]
    assert [code for code, _name in row.sectors] == ["121", "122"]
    assert row.places == ["Almaty", "Astana"]
    assert row.start == date(2024, 2, 1) and row.end == date(2027, 12, 31)  # actual, planned


def test_a_page_takes_the_same_few_queries_whatever_its_size(session):
    names = load_reference(session)

    def statements(per_page: int) -> int:
        session.expire_all()
        search = lambda: search_projects(session, RegisterFilters(per_page=per_page), names)  # noqa: E731
        return len(capture(session.get_bind(), search))

    assert statements(25) == statements(100) == 3  # count, rows, all their links in one


def test_reading_arguments_ignores_and_explains_bad_values():
    filters, problems = RegisterFilters.from_args(MultiDict({
        "page": "abc", "status": "9", "goal": "0", "sort": "evil", "dir": "up",
        "per_page": "7", "target": "3.88x", "sector": "12", "start_from": "20x5",
        "agency": "<script>", "q": "  clean   water ",
    }))  # fmt: skip
    assert filters == RegisterFilters(q="clean water")
    assert len(problems) == 10
    assert any("Page “abc”" in p for p in problems)
    assert any("Status “9”" in p and "1 to 6" in p for p in problems)
    assert any("Sort column “evil”" in p for p in problems)


def test_reading_arguments_normalises_codes_and_swaps_year_ranges():
    filters, problems = RegisterFilters.from_args(MultiDict({
        "target": "13.A", "place": "kz-75", "start_from": "2020", "start_to": "2015",
        "status": "", "goal": "",
    }))  # fmt: skip
    assert (filters.target, filters.place) == ("13.a", "KZ-75")
    assert (filters.start_from, filters.start_to) == (2015, 2020)
    assert problems == ["The start years were the wrong way round; now swapped."]


def test_url_arguments_round_trip_and_leave_out_defaults():
    filters = RegisterFilters(q="a b", goal=13, sort="budget", direction="desc", page=3)
    assert filters.url_args() == {"q": "a b", "goal": 13, "sort": "budget", "page": 3}
    as_text = MultiDict({name: str(value) for name, value in filters.url_args().items()})
    assert RegisterFilters.from_args(as_text) == (filters, [])
    assert RegisterFilters().url_args() == {}
    assert filters.url_args(goal=None, page=1) == {"q": "a b", "sort": "budget"}


def test_a_header_link_sorts_by_its_column_then_reverses():
    plain = RegisterFilters(goal=13, page=4)
    assert plain.sort_args("budget") == {"goal": 13, "sort": "budget"}  # desc first for money
    assert plain.sort_args("title") == {"goal": 13, "sort": "title"}  # asc first for text
    by_budget = RegisterFilters(goal=13, sort="budget", direction="desc")
    assert by_budget.sort_args("budget") == {"goal": 13, "sort": "budget", "dir": "asc"}


def test_is_filtered_only_for_filters_that_narrow_the_set():
    assert not RegisterFilters(sort="budget", page=2, per_page=100).is_filtered
    assert RegisterFilters(q="x").is_filtered and RegisterFilters(end_to=2020).is_filtered


def test_budget_ties_keep_a_stable_order(session):
    for _ in range(3):
        make_project(session, budget=Decimal("123456789.00"), title="Zqtie")
    filters = RegisterFilters(q="zqtie", sort="budget", direction="desc")
    ids = session.scalars(ordered_select(filters, Project.id)).all()
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)


def test_the_reference_names_goals_and_targets_in_the_language_asked(session):
    english, russian = load_reference(session), load_reference(session, "ru")
    assert english.goals[13] == "Climate action" and english.language == "en"
    assert russian.goals[13] == "Борьба с изменением климата" and russian.language == "ru"
    target_id = next(i for i, target in russian.targets.items() if target.code == "13.2")
    assert russian.targets[target_id].title != english.targets[target_id].title


def test_the_currency_filter_keeps_the_projects_budgeted_in_it(session):
    """Set by a dashboard's budget bar, so the register lists the projects behind an amount."""
    tenge = make_project(session, currency="KZT", budget=Decimal("500000000"))
    filters, problems = RegisterFilters.from_args(MultiDict({"currency": " kzt "}))
    assert (filters.currency, problems, filters.is_filtered) == ("KZT", [], True)
    assert matching(session, currency="KZT") == {tenge.id}
    everything = set(session.scalars(select(Project.id)))
    assert matching(session, currency="USD") == everything - {tenge.id}
    for bad in ("dollars", "US", "<b>"):
        filters, problems = RegisterFilters.from_args(MultiDict({"currency": bad}))
        assert filters.currency is None
        assert problems == [f"Currency “{bad}” should be a 3-letter code like USD; ignored."]
