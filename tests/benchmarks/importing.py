"""Import benchmark: rows per second through the full validation, and through saving.

*Checking* reads the wide export of the whole database back (``read_projects_csv``) and plans
it (``plan_import``): every row is validated against the reference data and the rules and
compared with its project, the dry run an analyst sees before confirming. A round trip, so
every row must come out unchanged. *Creating* imports the first ``CREATE_ROWS`` rows of that
file into an empty database with the reference data, through ``apply_import`` (the form's
own path: history and first revision for each project) and one commit.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tracker import create_app
from tracker.extensions import db
from tracker.formats.csv_import import read_projects_csv
from tracker.formats.csv_projects import ProjectCsv
from tracker.services.accounts.users import create_user
from tracker.services.exchange import importing
from tracker.services.exchange.exporting import export_records
from tracker.services.reference.seeding import seed_database
from tracker.services.register.filters import RegisterFilters
from tracker.services.schema import upgrade_database

CREATE_ROWS = 10_000


def _export(url: str) -> bytes:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        data = b"".join(ProjectCsv("wide").stream(export_records(db.session, RegisterFilters())))
        for engine in db.engines.values():
            engine.dispose()
    return data


def _first_rows(data: bytes, count: int) -> bytes:
    lines = data.split(b"\r\n")  # the export's line ends; synthetic texts hold no line breaks
    return b"\r\n".join(lines[: count + 1]) + b"\r\n"


def bench_import(url: str, empty_path: Path) -> dict[str, float]:
    data = _export(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        started = time.perf_counter()
        records, problems = read_projects_csv(data)
        read_s = time.perf_counter() - started
        plan = importing.plan_import(db.session, records, problems)
        check_s = time.perf_counter() - started
        db.session.rollback()
        if plan.creates or plan.updates or plan.has_errors:
            raise RuntimeError(
                f"the round trip was not clean: {len(plan.creates)} to create, "
                f"{len(plan.updates)} to update, {len(plan.errors)} errors"
            )
        for engine in db.engines.values():
            engine.dispose()
    rows = len(records)

    empty_path.unlink(missing_ok=True)
    empty_url = f"sqlite:///{empty_path}"
    engine = create_engine(empty_url)
    upgrade_database(engine)
    with Session(engine) as session:
        seed_database(session, with_portfolio=False)
        create_user(session, "bench", "bench-password-2026", "analyst")
        session.commit()
    engine.dispose()
    app = create_app({"DATABASE_URL": empty_url, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        from tracker.services.accounts.users import find_editor

        user = find_editor(db.session, "bench")
        started = time.perf_counter()
        records, problems = read_projects_csv(_first_rows(data, CREATE_ROWS))
        plan = importing.plan_import(db.session, records, problems)
        result = importing.apply_import(db.session, plan, user, file_name="bench.csv")
        db.session.commit()
        create_s = time.perf_counter() - started
        for engine in db.engines.values():
            engine.dispose()
    if result.created != CREATE_ROWS:
        raise RuntimeError(f"created {result.created:,} projects, not {CREATE_ROWS:,}")
    return {"rows": rows, "read_s": read_s, "check_s": check_s, "created": result.created,
            "create_s": create_s}  # fmt: skip


def print_import_rows(rows) -> None:
    print()
    print("CSV import (SQLite): reading and checking the whole wide export (a dry run with full "
          f"validation; every row unchanged), and creating {CREATE_ROWS:,} projects in an "
          "empty database")  # fmt: skip
    print(f"{'rows':>8}  {'read s':>7}  {'checked s':>9}  {'rows/s':>8}  {'created':>8}  "
          f"{'create s':>8}  {'rows/s':>7}")  # fmt: skip
    for r in rows:
        print(f"{r['rows']:>8,}  {r['read_s']:>7.2f}  {r['check_s']:>9.2f}  "
              f"{r['rows'] / r['check_s']:>8,.0f}  {r['created']:>8,}  "
              f"{r['create_s']:>8.2f}  {r['created'] / r['create_s']:>7,.0f}")  # fmt: skip
