"""IATI files built for the tests: budgets (original and revised), transactions of types
1, 2, 3, 4 and 11, planned disbursements, and a project with two outputs, the outputs
listed before their project (a parent may come later in the file)."""

from __future__ import annotations

FUNDER = '<provider-org ref="XM-TEST-FUND"><narrative>Test Climate Fund</narrative></provider-org>'
OTHER_DONOR = "<provider-org><narrative>Other Donor</narrative></provider-org>"
MINISTRY = "<receiver-org><narrative>Ministry of Testing</narrative></receiver-org>"


def transaction(kind: int, day: str, value: str, parties: str = "") -> str:
    return (
        f'<transaction><transaction-type code="{kind}"/><transaction-date iso-date="{day}"/>'
        f'<value value-date="{day}">{value}</value>{parties}</transaction>'
    )


def budget(kind: int, start: str, end: str, value: str, status: int = 1) -> str:
    return (
        f'<budget type="{kind}" status="{status}"><period-start iso-date="{start}"/>'
        f'<period-end iso-date="{end}"/><value value-date="{start}">{value}</value></budget>'
    )


def activity(identifier: str, hierarchy: int, body: str, related: str = "") -> str:
    return (
        f'<iati-activity default-currency="USD" hierarchy="{hierarchy}" xml:lang="en">'
        f"<iati-identifier>{identifier}</iati-identifier>"
        '<reporting-org ref="XM-TEST" type="40"><narrative>Test Agency</narrative></reporting-org>'
        f"<title><narrative>Activity {identifier}</narrative></title>"
        '<description type="1"><narrative>Built for the tests.</narrative></description>'
        '<participating-org role="1" ref="XM-TEST-FUND"><narrative>Test Climate Fund</narrative>'
        "</participating-org>"
        '<participating-org role="4"><narrative>Ministry of Testing</narrative>'
        "</participating-org>"
        '<activity-status code="2"/>'
        '<activity-date type="1" iso-date="2024-01-01"/>'
        '<activity-date type="3" iso-date="2026-12-31"/>'
        f'<recipient-country code="KZ"/><sector vocabulary="1" code="41010"/>{body}{related}'
        "</iati-activity>"
    )


def built_file() -> bytes:
    output_a = activity(
        "XM-TEST-OUT-A", 2,
        budget(1, "2024-01-01", "2024-12-31", "1000")
        + budget(2, "2024-01-01", "2024-12-31", "1200")
        + budget(1, "2025-07-01", "2026-06-30", "3650", status=2)
        + '<planned-disbursement type="1"><period-start iso-date="2025-01-01"/>'
        '<period-end iso-date="2025-03-31"/><value value-date="2025-01-01">300</value>'
        f"{FUNDER}</planned-disbursement>"
        + transaction(11, "2024-02-01", "5000", FUNDER)
        + transaction(1, "2024-03-01", "2000", FUNDER)
        + transaction(1, "2024-05-01", "500", OTHER_DONOR)
        + transaction(2, "2024-04-01", "800", MINISTRY)
        + transaction(3, "2024-06-01", "300", MINISTRY)
        + transaction(4, "2024-07-01", "250")
        + transaction(4, "2025-01-15", "-50"),
        '<related-activity type="1" ref="XM-TEST-PROJ"/>',
    )  # fmt: skip
    output_b = activity(
        "XM-TEST-OUT-B", 2, budget(1, "2025-01-01", "2025-12-31", "400")
        + transaction(3, "2025-03-01", "100", MINISTRY),
    )  # fmt: skip
    project = activity(
        "XM-TEST-PROJ", 1, "",
        '<related-activity type="2" ref="XM-TEST-OUT-A"/>'
        '<related-activity type="2" ref="XM-TEST-OUT-B"/>',
    )  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
        f"{output_a}{output_b}{project}</iati-activities>"
    ).encode()
