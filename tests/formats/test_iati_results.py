"""Reading an activity's results, policy markers and UN markers from IATI XML (pure, on
strings): values stay text for the import to check, texts take English else the first."""

from __future__ import annotations

from datetime import date

from tests.formats.test_iati import BILLION_LAUGHS
from tests.iati_results_files import results_activity, results_file
from tracker.formats.iati import read_activities
from tracker.formats.iati.marker import TRACKER_NS
from tracker.formats.result_records import PolicyMarkerRecord, UnMarkerRecord, ValueRecord


def results_of(data: bytes):
    records, problems = read_activities(data)
    assert not [p for p in problems if p.severity == "error"], problems
    (record,) = records
    return record.results


def test_results_indicators_periods_and_breakdowns_are_read_as_published():
    found = results_of(results_file())
    skills, emissions = found.results
    assert (skills.type, skills.title, skills.description) == (
        1,
        "Skills improved",
        "About Skills improved",
    )
    assert skills.aggregation_status is True and emissions.aggregation_status is None
    trained, policy = skills.indicators
    assert (trained.measure, trained.ascending) == (1, True)  # ascending by default
    assert (trained.reference_vocabulary, trained.reference_code) == ("9", "4.4.1")
    assert (trained.baseline_year, trained.baseline_date) == (2023, date(2023, 12, 31))
    assert trained.baseline == ValueRecord("10", "Before the project")
    first = trained.periods[0]
    assert (first.start, first.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert first.targets == (ValueRecord("100"),)
    assert first.actuals == (ValueRecord("80", "Slow start"),
                             ValueRecord("50", "", "sex", "female"),
                             ValueRecord("30", "", "sex", "male"))  # fmt: skip
    assert policy.measure == 5 and policy.periods[0].actuals == (
        ValueRecord("", "Draft in consultation"),)  # fmt: skip
    assert emissions.indicators[0].ascending is False
    assert found.policy_markers == (
        PolicyMarkerRecord("1", "1", 2), PolicyMarkerRecord("1", "7", 1),
        PolicyMarkerRecord("99", "YOUTH", 1, "Youth"))  # fmt: skip
    assert found.un_markers is None  # the file does not say


def test_a_value_stays_the_text_the_file_gives():
    block = ('<result type="1"><title><narrative>R</narrative></title><indicator measure="1">'
             '<title><narrative>I</narrative></title><period><period-start iso-date="2024-01-01"/>'
             '<period-end iso-date="not a date"/><actual value=" abc "/></period></indicator>'
             "</result>")  # fmt: skip
    (result,) = results_of(results_file(results_activity(results=block))).results
    (period,) = result.indicators[0].periods
    assert period.end is None and period.actuals == (ValueRecord("abc"),)


def test_titles_take_english_else_the_first_and_an_sdg_reference_wins():
    block = ('<result type="2"><title><narrative xml:lang="ru">Итог</narrative>'
             '<narrative xml:lang="en">Outcome</narrative></title>'
             '<indicator measure="2"><title><narrative xml:lang="kk">Көрсеткіш</narrative>'
             '<narrative xml:lang="ru">Показатель</narrative></title>'
             '<reference vocabulary="99" code="OWN"/><reference vocabulary="9" code="3.4.1"/>'
             "</indicator></result>")  # fmt: skip
    (result,) = results_of(results_file(results_activity(results=block))).results
    assert result.title == "Outcome"
    (indicator,) = result.indicators
    assert indicator.title == "Көрсеткіш"
    assert dict(indicator.titles) == {"kk": "Көрсеткіш", "ru": "Показатель"}
    assert (indicator.reference_vocabulary, indicator.reference_code) == ("9", "3.4.1")


def test_a_policy_marker_without_vocabulary_is_oecd_dac_and_un_markers_are_read_back():
    extra = (f'<tracker:un-marker xmlns:tracker="{TRACKER_NS}" marker="gender" score="2">'
             "Women lead</tracker:un-marker>"
             f'<t:un-marker xmlns:t="{TRACKER_NS}" marker="human_rights" score="x"/>')  # fmt: skip
    found = results_of(results_file(results_activity(
        results=extra, markers='<policy-marker code="2" significance="0"/>')))  # fmt: skip
    assert found.policy_markers == (PolicyMarkerRecord("1", "2", 0),)
    assert found.un_markers == (UnMarkerRecord("gender", 2, "Women lead"),)


def test_the_hostile_xml_protections_stay_in_force():
    entity = (
        results_file()
        .replace(b"<iati-activities", b'<!DOCTYPE x [<!ENTITY e "boom">]>\n<iati-activities')
        .replace(b"Skills improved", b"&e;")
    )
    for data in (BILLION_LAUGHS, entity):
        records, problems = read_activities(data)
        assert records == [] and [p.severity for p in problems] == ["error"]
        assert "declaration" in problems[0].message
