"""Download file names say what the file holds, in characters safe everywhere."""

import re
from datetime import date

from tracker.services.exchange.download_names import changes_file_name, projects_file_name
from tracker.services.portfolio.activity import ActivityFilters
from tracker.services.register.filters import RegisterFilters

DAY = date(2026, 12, 4)
SAFE = re.compile(r"[a-z0-9.-]+")


def test_a_filtered_export_is_named_after_its_filters():
    filters, _ = RegisterFilters.from_args({"goal": "13", "status": "2", "sort": "budget"})
    assert projects_file_name(filters, DAY) == "sdg-projects-goal-13-implementation-2026-12-04.csv"
    assert projects_file_name(RegisterFilters(), DAY) == "sdg-projects-2026-12-04.csv"


def test_every_filter_has_its_words():
    filters, _ = RegisterFilters.from_args(
        {"q": "Вода  water/ÉTÉ", "target": "13.A", "place": "kz-75", "agency": "UN Women",
         "funder": "GEF", "sector": "231", "start_from": "2015", "start_to": "2018",
         "end_from": "2020", "active_to": "2024", "status": "1"}
    )  # fmt: skip
    name = projects_file_name(filters, DAY, extension="xml", kind="iati")
    assert name == (
        "sdg-projects-iati-search-water-ete-target-13.a-pipeline-identification-sector-231-"
        "kz-75-agency-un-women-funder-gef-starts-2015-2018-ends-from-2020-active-to-2024-"
        "2026-12-04.xml"
    )


def test_names_stay_safe_and_short_whatever_the_text():
    filters, _ = RegisterFilters.from_args({"q": "\"'<>/\\:*?|" + "ж" * 50, "agency": "Ж&Ж"})
    name = projects_file_name(filters, DAY, kind="long")
    assert SAFE.fullmatch(name) and "--" not in name
    assert name == "sdg-projects-long-search-text-agency-other-2026-12-04.csv"
    many = {"q": "wordy " * 20, "agency": "wordy " * 6, "funder": "wordy " * 6}
    long_text, _ = RegisterFilters.from_args({**many, "place": "KZ-" + "9" * 13, "target": "1.1"})
    name = projects_file_name(long_text, DAY, kind="long")
    assert len(name) <= 200 + len("-2026-12-04.csv") and SAFE.fullmatch(name)
    assert "search-wordy-wordy-" in name and "-funder-wordy-" in name
    assert not re.search(r"-(w|wo|wor|word)-", name)  # cut between words


def test_changes_are_named_after_their_period_and_author():
    assert changes_file_name(ActivityFilters(), DAY) == "sdg-changes-last-30-days-2026-12-04.csv"
    everyone = ActivityFilters(days=None, who="Demo analyst")
    assert changes_file_name(everyone, DAY) == "sdg-changes-all-by-demo-analyst-2026-12-04.csv"
