"""Reading IATI activity XML into import records, on bytes, and refusing unsafe files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tracker.formats.iati import read_activities
from tracker.formats.iati.shares import equal_split, equal_split_as_blank, written_shares
from tracker.formats.records import ERROR, WARNING

DATA = Path(__file__).parent.parent / "data"
SAMPLE = (DATA / "iati_sample_other_country.xml").read_bytes()
SDG = (DATA / "iati_sdg_illustrative.xml").read_bytes()


def activity(
    body: str, *, version: str = "2.03", attributes: str = 'default-currency="USD"'
) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{version}">\n'
        f"<iati-activity {attributes}>\n<iati-identifier>XM-TEST-1</iati-identifier>\n"
        f'<activity-status code="2"/>\n{body}\n</iati-activity>\n</iati-activities>\n'
    ).encode()


def test_the_real_undp_file_reads_into_four_records():
    records, problems = read_activities(SAMPLE)
    assert [p for p in problems if p.severity == ERROR] == []
    assert [r.code for r in records] == [
        "XM-DAC-41114-PROJECT-00036768", "XM-DAC-41114-OUTPUT-00040112",
        "XM-DAC-41114-PROJECT-00040880", "XM-DAC-41114-OUTPUT-00080934",
    ]  # fmt: skip
    first, output = records[0], records[1]
    assert (first.title, first.status, first.language) == ("Communications budget", 2, "en")
    assert str(first.planned_start) == "2004-01-01" and str(first.planned_end) == "2017-12-31"
    assert first.sectors == [("99810", None)] and first.places == []
    assert [(r.kind, r.code, r.name) for r in first.recipients] == [("country", "KG", "Kyrgyzstan")]
    assert {(o.role, o.iati_ref) for o in first.organisations} == {
        (4, "XM-DAC-41114"), (2, "XM-DAC-41114"), (1, "XM-DAC-41114")}  # fmt: skip
    assert first.budget is None  # projects carry no budget; their outputs do
    assert (output.budget, output.currency) == (Decimal("5000.00"), "USD")
    assert [(s.vocabulary, s.code) for s in output.other_sectors] == [("99", "14")]
    assert records[3].budget == Decimal("15001.00")  # three budget periods summed


def test_the_sdg_file_maps_languages_sdgs_places_and_money():
    records, problems = read_activities(SDG)
    water, digital = records
    assert water.texts["ru"][0].startswith("Иллюстрация") and water.texts["kk"][1] == ""
    assert water.description == "Illustrative test activity, not a real project."
    assert water.targets == [("6.4", Decimal("70")), ("13.1", Decimal("30"))]
    assert water.goals == [17]  # 6 and 13 are served by their targets already
    assert water.sectors == [("14010", Decimal("60")), ("11322", Decimal("40"))]  # 11322 withdrawn
    assert [(s.vocabulary, s.code) for s in water.other_sectors] == [("99", "OUTCOME-3")]
    assert water.places == [("KZ", None)]  # its 80 % only adds up to 100 with KG's 20 %
    assert [(r.code, r.share) for r in water.recipients] == [("KG", Decimal("20"))]
    # 2022: the revised 120,000 replaces the original; 2023: 80,000.50; 2024 is in EUR: left out
    assert (water.budget, water.currency) == (Decimal("200000.50"), "USD")
    assert (
        "revised" in water.extra["budget"] and water.extra["disbursed"] == "Disbursed: 40000 USD."
    )
    assert digital.language == "ru" and digital.texts == {
        "en": ("Illustrative: digital services in Almaty", "")
    }
    assert digital.targets == [("9.c", None), ("16.10", None)]  # 9.C written in capitals
    assert digital.places == [("KZ-75", None), ("KZ-71", None), ("CENTRAL-ASIA", None)]
    assert digital.budget == Decimal("7500000.00") and "commitments" in digital.extra["budget"]
    skipped = [p for p in problems if p.message.startswith("Skipped")]
    assert [p.where for p in skipped] == [
        "iati-activity[3]",
        "iati-activity[4] (XM-DAC-41114-TEST-KZ-0004)/activity-status",
    ]
    assert all(p.severity == WARNING for p in problems)
    euro = next(p for p in problems if "EUR" in p.message)
    assert euro.where.endswith("/budget[4]/value") and euro.column == "currency"
    assert "(line 50)" in euro.message


def test_problems_name_the_element_attribute_and_line():
    records, problems = read_activities(activity('<activity-date type="1" iso-date="2022-02-30"/>'))
    assert records[0].planned_start is None
    (problem,) = problems
    assert (problem.where, problem.column) == (
        "iati-activity[1] (XM-TEST-1)/activity-date",
        "iso-date",
    )
    assert "(line 6)" in problem.message


def test_the_tracker_s_own_code_comes_back_from_its_export():
    body = '<reporting-org ref="XX-ORG"/><other-identifier ref="KZ-001" type="A1"/>'
    data = activity(body).replace(b"XM-TEST-1", b"XX-ORG-KZ-001")
    assert read_activities(data)[0][0].code == "KZ-001"
    assert read_activities(activity(body))[0][0].code == "XM-TEST-1"  # not <ref>-<A1>: kept


def test_equal_splits_are_written_and_read_back_as_blank():
    assert equal_split(3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(written_shares([("a", None), ("b", None), ("c", None)])) == 100
    assert written_shares([("a", None)]) == [None]
    assert equal_split_as_blank([("a", Decimal("50")), ("b", Decimal("50"))]) == [
        ("a", None),
        ("b", None),
    ]
    assert equal_split_as_blank([("a", Decimal("60")), ("b", Decimal("40"))])[0][1] == 60


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier>
</iati-activity></iati-activities>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier>
</iati-activity></iati-activities>"""
BAD_FILES = {
    "billion-laughs": (BILLION_LAUGHS, "<!DOCTYPE> declaration at line 2"),
    "external-entity": (EXTERNAL_ENTITY, "<!DOCTYPE> declaration at line 2"),
    "doctype": (b'<!DOCTYPE iati-activities SYSTEM "http://example.org/x.dtd">\n'
                b'<iati-activities version="2.03"/>', "declaration at line 1"),
    "utf16-doctype": (('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a>\n'
                       '<iati-activities version="2.03"/>').encode("utf-16"), "DOCTYPE"),
    "not-xml": (b"code,title\nA,B\n", "not well-formed XML at line 1"),
    "not-iati": (b'<?xml version="1.0"?><projects><project/></projects>',
                 "not an IATI activity file: its root element is <projects>"),
    "iati-organisations": (b'<iati-organisations version="2.03"/>', "IATI organisation file"),
    "iati-1.05": (b'<iati-activities version="1.05"><iati-activity/></iati-activities>',
                  "IATI version 1.05 is not supported; convert the file to version 2.x"),
    "no-version": (b"<iati-activities/>", "no version attribute"),
    "wrong-encoding": (('<?xml version="1.0" encoding="UTF-16"?>\n<iati-activities version="2.03">'
                        "<iati-activity><iati-identifier>Ä</iati-identifier></iati-activity>"
                        "</iati-activities>").encode(), "Check the encoding declaration"),
    "latin-1-bytes": (('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
                       "<iati-activity><iati-identifier>Ä</iati-identifier></iati-activity>"
                       "</iati-activities>").encode("latin-1"), "line 3"),
    "truncated": (SDG[: len(SDG) // 2], "looks truncated"),
    "truncated-in-a-tag": (SDG[:1000], "looks truncated"),
    "utf16-without-bom": (SDG.decode().replace('<?xml version="1.0" encoding="UTF-8"?>', "")
                          .encode("utf-16-le"), "looks like UTF-16 or UTF-32 without a byte"),
    "too-deep": (b'<iati-activities version="2.03">' + b"<a>" * 300 + b"</a>" * 300
                 + b"</iati-activities>", "nested more than 256 levels deep (at line 1)"),
    "huge-text": (b'<iati-activities version="2.03"><iati-activity><iati-identifier>'
                  + b"x" * 10_000_001 + b"</iati-identifier></iati-activity></iati-activities>",
                  "longer than the 10 million characters"),
    "empty": (b"  \n", "The file is empty"),
}  # fmt: skip


@pytest.mark.parametrize("data, words", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_give_one_clear_error_and_no_records(data, words):
    records, problems = read_activities(data)
    assert records == []
    (problem,) = problems
    assert problem.severity == ERROR
    assert words in problem.message, problem.message
    assert "XML_PARSE_HUGE" not in problem.message  # libxml2's option means nothing to readers
    if "truncated" not in words:
        assert "truncated" not in problem.message, problem.message


def test_a_file_with_a_bom_in_utf16_reads_as_in_utf8():
    records, problems = read_activities(SDG.decode().encode("utf-16"))
    assert [r.code for r in records] == [r.code for r in read_activities(SDG)[0]]


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    records, problems = read_activities(SDG, max_bytes=1024)
    assert records == [] and "the limit is 1.0 KB" in problems[0].message


def test_the_external_entity_is_never_read():
    records, problems = read_activities(EXTERNAL_ENTITY)
    assert "root:" not in repr((records, problems))


def test_the_illustrative_marker_is_read_from_the_tracker_namespace_or_the_description():
    marked = activity("").replace(
        b"<iati-activity ",
        b'<iati-activity xmlns:tracker="urn:x-un-kz-sdg-tracker:iati-extension:1" '
        b'tracker:source="synthetic" ',
    )
    (record,), _ = read_activities(marked)
    assert (record.illustrative, record.source) == (True, "synthetic")
    older = activity(
        '<description type="4"><narrative xml:lang="en">Illustrative record generated for '
        "demonstration: not a real project.</narrative></description>"
    )
    assert read_activities(older)[0][0].illustrative is True
    assert read_activities(activity(""))[0][0].illustrative is None  # another publisher's
    assert read_activities(SAMPLE)[0][0].illustrative is None


def test_illustrative_sources_match_the_models():
    from tracker.formats.records import ILLUSTRATIVE_SOURCES
    from tracker.models import NOT_REAL_SOURCES

    assert ILLUSTRATIVE_SOURCES == NOT_REAL_SOURCES
