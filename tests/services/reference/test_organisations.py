"""The organisation services: the identifier's shape, uniqueness whatever the case, who uses
an organisation, and deleting only an unused one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.models import AnnualFigure, Organisation, Project
from tracker.services.reference.organisations import (
    OrganisationError,
    OrganisationQuery,
    create_organisation,
    delete_organisation,
    iati_ref_problem,
    list_organisations,
    project_count,
    update_organisation,
)


@pytest.mark.parametrize(
    "ref", ["XM-DAC-41114", "KZ-BIN-123456789012", "GB-COH-01234567", "XI-IATI-EC_DEVCO",
            "NL-KVK-41198677-a", "xm-dac-41114"],
)  # fmt: skip
def test_identifiers_of_registration_agencies_are_taken(ref):
    assert iati_ref_problem(ref) is None


@pytest.mark.parametrize(
    "ref", ["41114", "XM-DAC", "XM-DAC-", "XM--41114", "-XM-DAC-1", "XM DAC 41114", "XM-DAC-4 1",
            "X-DAC-1", "XM-DAC-" + "1" * 40],
)  # fmt: skip
def test_other_identifiers_are_refused_with_a_reason(ref):
    assert iati_ref_problem(ref)


def test_names_acronyms_and_identifiers_are_unique_whatever_their_case(session):
    with pytest.raises(OrganisationError) as refused:
        create_organisation(session, acronym="undp", name="united nations development programme",
                            kind="space", iati_ref="xm-dac-41114")  # fmt: skip
    assert [field for field, _ in refused.value.problems] == ["acronym", "name", "kind", "iati_ref"]
    added = create_organisation(session, acronym=" NBK ", name="National  Bank", kind="other")
    assert (added.acronym, added.name, added.iati_ref) == ("NBK", "National Bank", None)
    assert update_organisation(session, added, acronym="NBK", name="National Bank",
                               kind="other") == []  # fmt: skip
    changes = update_organisation(session, added, acronym="NBK", name="National Bank",
                                  kind="government", iati_ref="KZ-BIN-941240001151")  # fmt: skip
    assert changes == ["kind “Other” → “Government of Kazakhstan”",
                       "IATI identifier “” → “KZ-BIN-941240001151”"]  # fmt: skip


def test_an_organisation_used_only_as_a_funder_of_money_is_in_use(session):
    funder = create_organisation(session, acronym="F1", name="Funder one", kind="funder")
    project = session.scalars(select(Project).order_by(Project.id)).first()
    session.add(AnnualFigure(project_id=project.id, year=2024, measure="available",
                             amount=Decimal(10), currency="USD", funder_id=funder.id))  # fmt: skip
    session.flush()
    assert project_count(session, funder) == 1
    with pytest.raises(OrganisationError):
        delete_organisation(session, funder)
    rows = list_organisations(session, OrganisationQuery(q="funder one")).rows
    assert [(org.acronym, count) for org, count in rows] == [("F1", 1)]


def test_an_unused_organisation_is_deleted(session):
    spare = create_organisation(session, acronym="SPARE", name="Spare", kind="other")
    delete_organisation(session, spare)
    assert session.scalar(select(Organisation).where(Organisation.acronym == "SPARE")) is None


def test_the_lists_query_from_an_address():
    query, problems = OrganisationQuery.from_args({"q": "  un  women ", "sort": "projects"})
    assert (query.q, query.sort, query.direction, problems) == ("un women", "projects", "desc", [])
    assert query.sort_args("projects") == {"q": "un women", "sort": "projects", "dir": "asc"}
    assert query.args(page=3) == {"q": "un women", "sort": "projects", "dir": "desc", "page": 3}
    _query, problems = OrganisationQuery.from_args({"page": "99999999", "sort": "x"})
    assert len(problems) == 2


def test_the_list_comes_in_pages_and_a_page_past_the_last_gives_the_last(session):
    first = list_organisations(session, OrganisationQuery(sort="name"), per_page=10)
    assert (first.total, first.pages, len(first.rows)) == (35, 4, 10)
    last = list_organisations(session, OrganisationQuery(sort="name", page=9), per_page=10)
    assert (last.page, len(last.rows)) == (4, 5)
    names = [org.name.lower() for org, _count in first.rows + last.rows]
    assert names[:10] == sorted(names[:10]) and names[-5:] == sorted(names[-5:])
