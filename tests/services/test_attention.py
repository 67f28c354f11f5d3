"""Projects whose dates have overtaken their status are pointed out for updating."""

from datetime import date

import pytest

from tracker.models import Project
from tracker.services.statuses import attention

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": 2, "planned_end": date(2026, 6, 30)}, ["The planned end (Jun 30, 2026)"]),
        ({"status": 2, "planned_end": date(2026, 11, 28)}, []),  # ends today: not yet late
        ({"status": 2, "planned_end": date(2026, 6, 30), "actual_end": date(2026, 7, 1)}, []),
        ({"status": 2, "planned_end": None}, []),
        ({"status": 1, "planned_start": date(2026, 3, 1)}, ["The planned start (Mar 1, 2026)"]),
        ({"status": 1, "planned_start": date(2027, 3, 1)}, []),
        ({"status": 4, "planned_end": date(2020, 1, 1), "actual_end": date(2020, 2, 1)}, []),
        ({"status": 6, "planned_end": date(2020, 1, 1)}, []),  # suspended: its own story
    ],
)
def test_a_passed_date_the_status_has_not_caught_up_with(app, fields, expected):
    with app.test_request_context("/"):
        notes = attention(Project(**fields), TODAY)
    assert [note.split(" has passed")[0] for note in notes] == expected
