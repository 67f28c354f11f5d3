"""An import's problems as a CSV file, to sort and filter in a spreadsheet while fixing them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tracker.formats.csv_projects import neutralise
from tracker.formats.records import Problem

PROBLEM_COLUMNS = ("where", "column", "severity", "code", "message")


def problems_csv(problems: Iterable[Problem]) -> bytes:
    """UTF-8 with a byte-order mark (for Excel), one row per problem, formulas neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PROBLEM_COLUMNS)
    for problem in problems:
        row = (problem.where, problem.column, problem.severity, problem.code, problem.message)
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")
