"""IATI files with results built for the tests: a quantitative indicator with a baseline,
an SDG reference and breakdowns by sex, a qualitative indicator, an outcome with a
descending indicator, OECD DAC and publisher's own policy markers."""

from __future__ import annotations

from tests.iati_files import activity

SEX = '<dimension name="sex" value="{category}"/>'


def value(tag: str, text: str = "", comment: str = "", category: str = "") -> str:
    attribute = f' value="{text}"' if text else ""
    dimension = SEX.format(category=category) if category else ""
    note = f"<comment><narrative>{comment}</narrative></comment>" if comment else ""
    return f"<{tag}{attribute}>{dimension}{note}</{tag}>"


def period(start: str, end: str, *values: str) -> str:
    return (f'<period><period-start iso-date="{start}"/><period-end iso-date="{end}"/>'
            f"{''.join(values)}</period>")  # fmt: skip


def indicator(title: str, measure: int = 1, body: str = "", **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{text}"' for name, text in attributes.items())
    return (f'<indicator measure="{measure}"{extra}><title><narrative>{title}</narrative>'
            f"</title>{body}</indicator>")  # fmt: skip


def result(title: str, kind: int = 1, *indicators: str, aggregation: str = "") -> str:
    extra = f' aggregation-status="{aggregation}"' if aggregation else ""
    return (f'<result type="{kind}"{extra}><title><narrative>{title}</narrative></title>'
            f"<description><narrative>About {title}</narrative></description>"
            f"{''.join(indicators)}</result>")  # fmt: skip


TRAINED = indicator(
    "People trained", 1,
    '<reference vocabulary="9" code="4.4.1"/>'
    '<baseline year="2023" iso-date="2023-12-31" value="10"><comment><narrative>Before the '
    "project</narrative></comment></baseline>"
    + period("2024-01-01", "2024-12-31", value("target", "100"),
             value("actual", "80", "Slow start"),
             value("actual", "50", category="female"), value("actual", "30", category="male"))
    + period("2025-01-01", "2025-12-31", value("target", "200"),
             value("target", "100", category="female")),
)  # fmt: skip
POLICY = indicator(
    "Climate policy adopted", 5,
    period("2024-01-01", "2024-12-31", value("target", comment="Draft agreed"),
           value("actual", comment="Draft in consultation")),
)  # fmt: skip
EMISSIONS = indicator(
    "Emissions (kt CO2)", 3,
    '<baseline year="2023" value="1250.5"/>'
    + period("2024-01-01", "2024-12-31", value("target", "1200"), value("actual", "1210.25")),
    ascending="0",
)  # fmt: skip
MARKERS = (
    '<policy-marker vocabulary="1" code="1" significance="2"/>'
    '<policy-marker vocabulary="1" code="7" significance="1"/>'
    '<policy-marker vocabulary="99" code="YOUTH" significance="1"><narrative>Youth'
    "</narrative></policy-marker>"
)


def results_activity(identifier: str = "XM-TEST-RES", results: str | None = None,
                     markers: str = MARKERS) -> str:  # fmt: skip
    if results is None:
        results = (result("Skills improved", 1, TRAINED, POLICY, aggregation="1")
                   + result("Emissions cut", 2, EMISSIONS))  # fmt: skip
    # policy-marker before the budgets, result at the end: the schema's order
    return activity(identifier, 1, markers, results)


def results_file(*activities: str) -> bytes:
    body = "".join(activities) or results_activity()
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">'
            f"{body}</iati-activities>").encode()  # fmt: skip
