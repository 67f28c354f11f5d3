"""The funding dashboard's benchmark: its figures computed uncached next to the same
aggregates written by hand as bare SQL in the same run, and from the figure cache.

Run alone with ``python -m tests.benchmarks.funding [--sizes 100000] [--sqlite-only]``;
``make bench`` runs it too. Prints figures, asserts no timing.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from decimal import Decimal

from sqlalchemy import create_engine, func, select

from tests.sql_capture import capture, replayer
from tracker import create_app
from tracker.extensions import db
from tracker.models import AnnualFigure
from tracker.services.figure_cache import clear
from tracker.services.finance.funding import cached_funding, funding
from tracker.services.reference.synthetic_money import add_synthetic_annual_figures
from tracker.services.register.search import RegisterFilters

TODAY = date(2025, 6, 15)  # a fixed day: the same year's breakdowns in every run
MEASURES = "('required', 'available', 'spent')"
OWNER = "coalesce(p.parent_id, p.id)"
FIGURES = (f"FROM annual_figures f JOIN projects p ON p.id = f.project_id "
           f"WHERE f.measure IN {MEASURES}")  # fmt: skip
# A project's share of each key (goal, place): its links' shares, an equal split without.
SHARES = {
    "goal": "SELECT project_id, key, sum(share) AS share FROM (SELECT pt.project_id, "
            "t.goal_number AS key, coalesce(pt.share, 100.0 / count(*) OVER "
            "(PARTITION BY pt.project_id)) AS share FROM project_targets pt JOIN targets t "
            "ON t.id = pt.target_id) s GROUP BY project_id, key",
    "place": "SELECT project_id, key, sum(share) AS share FROM (SELECT project_id, "
             "place_code AS key, coalesce(share, 100.0 / count(*) OVER "
             "(PARTITION BY project_id)) AS share FROM project_places) s "
             "GROUP BY project_id, key",
    "agency": "SELECT DISTINCT po.project_id, o.acronym AS key, 100 AS share FROM "
              "project_organisations po JOIN organisations o ON o.id = po.organisation_id "
              "WHERE po.role IN (2, 3, 4) AND o.kind = 'un_entity'",
    "document": "SELECT project_id, document_id AS key, 100 AS share FROM project_documents",
}  # fmt: skip


def funding_sql(year: int) -> list[str]:
    """The dashboard's aggregates as a DBA would write them: the reference for the ratio."""
    queries = [
        f"SELECT f.year, f.currency, f.measure, sum(f.amount) {FIGURES} "
        "GROUP BY f.year, f.currency, f.measure",
        f"SELECT f.year, count(DISTINCT {OWNER}) {FIGURES} GROUP BY f.year",
        f"SELECT f.currency, f.year, count(DISTINCT {OWNER}) {FIGURES} GROUP BY f.currency, f.year",
    ]
    for shares in SHARES.values():
        joined = f"LEFT JOIN ({shares}) k ON k.project_id = {OWNER} WHERE"
        split = f"{FIGURES.replace('WHERE', joined)} AND f.year = {year}"
        queries.append(f"SELECT k.key, f.currency, f.measure, "
                       f"sum(f.amount * coalesce(k.share, 100) / 100) {split} "
                       "GROUP BY k.key, f.currency, f.measure")  # fmt: skip
        queries.append(f"SELECT k.key, count(DISTINCT {OWNER}) {split} GROUP BY k.key")
    funders = f"{FIGURES} AND f.year = {year} AND f.measure = 'available'"
    queries.append(f"SELECT f.funder_id, f.currency, f.measure, sum(f.amount) {funders} "
                   "GROUP BY f.funder_id, f.currency, f.measure")  # fmt: skip
    queries.append(f"SELECT f.funder_id, count(DISTINCT {OWNER}) {funders} GROUP BY f.funder_id")
    return queries


def ensure_annual_figures(url: str) -> int:
    """Annual figures for a synthetic database built before they existed."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.scalar(select(func.count()).select_from(AnnualFigure))
        if not rows:
            started = time.perf_counter()
            rows = add_synthetic_annual_figures(engine)
            print(f"  added {rows:,} annual figures in {time.perf_counter() - started:.1f} s")
        return rows
    finally:
        engine.dispose()


def bench_funding(url: str, repeat: int, median_ms) -> dict[str, float]:
    rows = ensure_annual_figures(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    filters = RegisterFilters()
    with app.app_context():
        currency = app.config["REPORTING_CURRENCY"]

        def compute():
            return funding(db.session, filters, currency=currency, today=TODAY)

        figures = compute()
        statements = capture(db.engine, compute)
        replay = replayer(db.engine, statements)
        try:
            replay_ms = median_ms(replay, repeat)
        finally:
            replay.close()
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            queries = funding_sql(figures.year)

            def bare_sql():
                results = []
                for query in queries:
                    cursor.execute(query)
                    results.append(cursor.fetchall())
                return results

            sql_results = bare_sql()
            sql_ms = median_ms(bare_sql, repeat)
        finally:
            raw.close()
        # Honest comparison: both ways count the same projects and the same dollars.
        per_year = dict(sql_results[1])
        assert all(row.projects == per_year[int(row.key)] for row in figures.years)
        dollars = sum(
            Decimal(str(total)) for year, code, measure, total in sql_results[0]
            if code == "USD" and measure == "required" and year == figures.year
        )  # fmt: skip
        assert dollars <= figures.year_row(figures.year).money.required + 1
        service_ms = median_ms(compute, repeat)

        def from_cache():
            return cached_funding(db.session, filters, currency=currency, start_month=1,
                                  today=TODAY)  # fmt: skip

        clear()
        from_cache()
        cached_ms = median_ms(from_cache, repeat)
        client = app.test_client()
        page_ms = median_ms(lambda: client.get("/dashboard/funding"), repeat)
        for engine in db.engines.values():
            engine.dispose()
    return {"service": service_ms, "sql": sql_ms, "replay": replay_ms, "cached": cached_ms,
            "page": page_ms, "rows": rows, "queries": len(statements)}  # fmt: skip


def print_funding_rows(rows) -> None:
    print()
    print("Funding dashboard: its figures computed uncached, next to its own statements "
          "replayed bare and to the same aggregates written by hand; then from the figure "
          "cache, and the page (median ms, same run)")  # fmt: skip
    print(f"{'database':<11} {'projects':>8} {'annual rows':>11}  {'figures':>9}  "
          f"{'replayed':>9}  {'ratio':>6}  {'by hand':>9}  {'ratio':>6}  {'cached':>8}  "
          f"{'page':>8}  {'queries':>7}")  # fmt: skip
    for database, size, r in rows:
        print(f"{database:<11} {size:>8,} {r['rows']:>11,}  {r['service']:>9.2f}  "
              f"{r['replay']:>9.2f}  {r['service'] / r['replay']:>5.2f}x  {r['sql']:>9.2f}  "
              f"{r['service'] / r['sql']:>5.2f}x  {r['cached']:>8.2f}  {r['page']:>8.2f}  "
              f"{r['queries']:>7}")  # fmt: skip


def main() -> None:
    from tests.benchmarks.run import BENCH_DIR, median_ms, prepare
    from tests.databases import PostgresDatabases, PostgresServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", lambda size: f"sqlite:///{BENCH_DIR / f'home-{size}.db'}")]
    server = None
    if not args.sqlite_only:
        server = PostgresServer()
        databases = PostgresDatabases(server.url)
        targets.append(("PostgreSQL", lambda size: databases.create(f"bench_{size}")))
    results = []
    try:
        for database, url_for in targets:
            for size in (int(size) for size in args.sizes.split(",")):
                print(f"{database}, {size:,} projects:")
                url = url_for(size)
                prepare(url, size)
                results.append((database, size, bench_funding(url, args.repeat, median_ms)))
    finally:
        if server:
            databases.close()
            server.stop()
    print_funding_rows(results)


if __name__ == "__main__":
    main()
