"""`make bench`: the tracker's pages against bare SQL, at 235 and 100,000 projects.

For each database (SQLite, and PostgreSQL on a throwaway server unless --sqlite-only) and
each size, it prints the median time of the home page's figures built by the service, the
same figures as bare SQL on the same database in the same run, their ratio, and the
median time to render the whole page; then the project register's filtered page against
its query written by hand, and its free-text search (see register.py). Ratios matter more
than milliseconds: these machines are shared and noisy. Databases are kept in
instance/bench/ and reused.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from tests.benchmarks.dashboard import bench_dashboard, print_dashboard_rows, requests_per_second
from tests.benchmarks.export import bench_export, print_export_rows
from tests.benchmarks.funding import bench_funding, print_funding_rows
from tests.benchmarks.importing import bench_import, print_import_rows
from tests.benchmarks.load import bench_load
from tests.benchmarks.register import bench_register, print_register_rows
from tests.benchmarks.results import bench_results, print_results_rows
from tests.databases import PostgresDatabases, PostgresServer
from tracker import create_app
from tracker.config import ROOT
from tracker.extensions import db
from tracker.models import Project
from tracker.services.dashboards import portfolio
from tracker.services.reference.seeding import seed_database
from tracker.services.reference.synthetic import build_synthetic_portfolio
from tracker.services.schema import upgrade_database

BENCH_DIR = ROOT / "instance" / "bench"

# The home page's figures written by hand, as a DBA would: the reference for the ratio.
HOME_FIGURES_SQL = (
    "SELECT status, count(*), coalesce(sum(budget), 0) FROM projects GROUP BY status",
    "SELECT code, name FROM activity_statuses ORDER BY code",
    "SELECT currency, sum(budget), sum(CASE WHEN status = 2 THEN budget ELSE 0 END) "
    "FROM projects GROUP BY currency",
    "SELECT count(DISTINCT t.goal_number), count(DISTINCT t.id) "
    "FROM targets t JOIN project_targets pt ON pt.target_id = t.id",
    "SELECT t.goal_number, count(DISTINCT pt.project_id) "
    "FROM targets t JOIN project_targets pt ON pt.target_id = t.id GROUP BY t.goal_number",
    "SELECT number, short_title_en FROM goals ORDER BY number",
    "SELECT count(*) FROM targets",
    "SELECT count(*) FROM projects WHERE source IN ('seed_illustration', 'synthetic')",
)


def median_ms(action, repeat: int) -> float:
    action()  # warm caches and connections
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def project_count(url: str) -> int | None:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(Project))
    except Exception:
        return None
    finally:
        engine.dispose()


def prepare(url: str, size: int) -> None:
    """The seed portfolio (235) or a synthetic one of ``size``, unless already there."""
    if project_count(url) == size:
        engine = create_engine(url)
        try:  # a database kept from an earlier run gets the migrations added since
            upgrade_database(engine)
        finally:
            engine.dispose()
        return
    started = time.perf_counter()
    engine = create_engine(url)
    try:
        if size == 235:
            upgrade_database(engine)
            with Session(engine) as session:
                seed_database(session)
                session.commit()
        else:
            build_synthetic_portfolio(engine, size)
    finally:
        engine.dispose()
    print(f"  prepared {size:,} projects in {time.perf_counter() - started:.1f} s")


def bench_home(url: str, repeat: int) -> dict[str, float]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():
        figures = portfolio.headline_figures(db.session)
        service_ms = median_ms(lambda: portfolio.headline_figures(db.session), repeat)
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()

            def bare_sql():
                results = []
                for query in HOME_FIGURES_SQL:
                    cursor.execute(query)
                    results.append(cursor.fetchall())
                return results

            sql_results = bare_sql()
            sql_ms = median_ms(bare_sql, repeat)
        finally:
            raw.close()
        # Honest comparison: both ways must give the same figures.
        assert figures.projects == sum(row[1] for row in sql_results[0])
        assert figures.targets_covered == sql_results[3][0][1]
        client = app.test_client()
        page_ms = median_ms(lambda: client.get("/"), repeat)
        for engine in db.engines.values():
            engine.dispose()
    return {"service": service_ms, "sql": sql_ms, "page": page_ms}


def print_row(database: str, size: int, result: dict[str, float]) -> None:
    ratio = result["service"] / result["sql"]
    print(
        f"{database:<11} {size:>8,}  {result['service']:>9.2f}  {result['sql']:>9.2f}"
        f"  {ratio:>6.2f}x  {result['page']:>9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="235,100000", help="comma-separated project counts")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=0, help="runs per figure (default by size)")
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=60,
        help="seconds of each load test (8 and 32 clients; 0 skips them)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    targets: list[tuple[str, callable]] = [
        ("SQLite", lambda size: f"sqlite:///{Path(BENCH_DIR) / f'home-{size}.db'}")
    ]
    server = None
    if not args.sqlite_only:
        server = PostgresServer()
        databases = PostgresDatabases(server.url)
        targets.append(("PostgreSQL", lambda size: databases.create(f"bench_{size}")))
    try:
        rows, register_rows, dashboard_rows, load, export_rows = [], [], [], None, []
        import_rows, funding_rows, results_rows = [], [], []
        for database, url_for in targets:
            for size in sizes:
                print(f"{database}, {size:,} projects:")
                url = url_for(size)
                prepare(url, size)
                repeat = args.repeat or (50 if size < 10_000 else 10)
                rows.append((database, size, bench_home(url, repeat)))
                register_rows.append((database, size, bench_register(url, repeat, median_ms)))
                dashboard_rows.append((database, size, bench_dashboard(url, repeat, median_ms)))
                if size >= 10_000:  # synthetic portfolios carry annual figures
                    funding_rows.append((database, size, bench_funding(url, repeat, median_ms)))
                    results_rows.append((database, size, bench_results(url, repeat, median_ms)))
                if database == "SQLite" and size == 235:
                    load = requests_per_second(url, ["/dashboard", "/healthz"])
                if database == "SQLite":
                    path = BENCH_DIR / f"home-{size}.db"
                    export_rows.append((size, bench_export(path, url, size)))
                    if size == max(sizes):
                        import_rows.append(bench_import(url, BENCH_DIR / "import-empty.db"))
        print()
        print("Home page figures: median ms of the service next to bare SQL, same run")
        print(f"{'database':<11} {'projects':>8}  {'service':>9}  {'bare SQL':>9}  {'ratio':>7}  "
              f"{'page':>9}")  # fmt: skip
        for row in rows:
            print_row(*row)
        print_register_rows(register_rows)
        print_dashboard_rows(dashboard_rows, load)
        print_funding_rows(funding_rows)
        print_results_rows(results_rows)
        print_export_rows(export_rows)
        print_import_rows(import_rows)
        load_errors = 0
        if args.load_seconds > 0:
            seeded = f"sqlite:///{Path(BENCH_DIR) / 'home-235.db'}"
            prepare(seeded, 235)
            print("\nLoad test on SQLite")
            load_errors = bench_load(seeded, [8, 32], args.load_seconds)
            if server:  # the same pages on the throwaway PostgreSQL server
                seeded = databases.create("load_235")
                prepare(seeded, 235)
                print("\nLoad test on PostgreSQL")
                load_errors += bench_load(seeded, [8, 32], args.load_seconds)
    finally:
        if server:
            databases.close()
            server.stop()
    if load_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
