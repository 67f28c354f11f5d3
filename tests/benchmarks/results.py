"""The results dashboard's benchmark: indicators per SDG goal and progress status computed
uncached, next to the same statements replayed bare (no ORM, no Python objects) in the same
run, then from the figure cache, and the page.

Run alone with ``python -m tests.benchmarks.results [--sizes 100000] [--sqlite-only]``;
``make bench`` runs it too. Prints figures, asserts no timing.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import create_engine, func, select

from tests.sql_capture import capture, replayer
from tracker import create_app
from tracker.extensions import db
from tracker.models.results import IndicatorPeriod, ResultIndicator
from tracker.services.figure_cache import cached, clear
from tracker.services.reference.synthetic_results import add_synthetic_results
from tracker.services.results.dashboard import by_goal


def ensure_results(url: str) -> tuple[int, int]:
    """Synthetic results for a database built before they existed; (indicators, periods)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            periods = connection.scalar(select(func.count()).select_from(IndicatorPeriod))
        if periods < 1000:
            started = time.perf_counter()
            added = add_synthetic_results(engine)
            print(f"  added {added:,} indicator periods in {time.perf_counter() - started:.1f} s")
        with engine.connect() as connection:
            count = connection.scalar
            return (count(select(func.count()).select_from(ResultIndicator)),
                    count(select(func.count()).select_from(IndicatorPeriod)))  # fmt: skip
    finally:
        engine.dispose()


def bench_results(url: str, repeat: int, median_ms) -> dict[str, float]:
    indicators, periods = ensure_results(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    with app.app_context():

        def compute():
            return by_goal(db.session, None)

        # (The SQL statuses equal progress.assess(): a property test checks it on both
        # databases, tests/services/results.)
        figures = compute()
        statements = capture(db.engine, compute)
        replay = replayer(db.engine, statements)
        try:
            replay_ms = median_ms(replay, repeat)
        finally:
            replay.close()
        service_ms = median_ms(compute, repeat)

        def from_cache():
            return cached(db.session, ("results bench",), compute)

        clear()
        from_cache()
        cached_ms = median_ms(from_cache, repeat)
        client = app.test_client()
        client.get("/dashboard/results")
        page_ms = median_ms(lambda: client.get("/dashboard/results"), repeat)
        for engine in db.engines.values():
            engine.dispose()
    return {"service": service_ms, "replay": replay_ms, "cached": cached_ms, "page": page_ms,
            "indicators": indicators, "periods": periods, "queries": len(statements),
            "counted": sum(row.total for row in figures)}  # fmt: skip


def print_results_rows(rows) -> None:
    print()
    print("Results dashboard (indicators per SDG goal and status): computed uncached, next to "
          "its own statements replayed bare; then from the figure cache, and the cached page "
          "(median ms, same run)")  # fmt: skip
    print(f"{'database':<11} {'projects':>8} {'indicators':>10} {'periods':>9}  {'figures':>9}  "
          f"{'replayed':>9}  {'ratio':>6}  {'cached':>8}  {'page':>8}  {'queries':>7}")  # fmt: skip
    for database, size, r in rows:
        print(f"{database:<11} {size:>8,} {r['indicators']:>10,} {r['periods']:>9,}  "
              f"{r['service']:>9.2f}  {r['replay']:>9.2f}  {r['service'] / r['replay']:>5.2f}x  "
              f"{r['cached']:>8.2f}  {r['page']:>8.2f}  {r['queries']:>7}")  # fmt: skip


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
                results.append((database, size, bench_results(url, args.repeat, median_ms)))
    finally:
        if server:
            databases.close()
            server.stop()
    print_results_rows(results)


if __name__ == "__main__":
    main()
