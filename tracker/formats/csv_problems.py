"""An import's problems as a CSV file, to sort and filter in a spreadsheet while fixing them."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.formats.csv_projects import csv_chunks
from tracker.formats.records import Problem

PROBLEM_COLUMNS = ("where", "column", "severity", "code", "message")


def problems_csv(problems: Iterable[Problem]) -> bytes:
    """UTF-8 with a byte-order mark (for Excel), one row per problem, formulas neutralised."""
    rows = (
        [(problem.where, problem.column, problem.severity, problem.code, problem.message)]
        for problem in problems
    )
    return b"".join(csv_chunks(PROBLEM_COLUMNS, rows))
