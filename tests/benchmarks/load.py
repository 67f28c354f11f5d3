"""A bounded load test: N clients for S seconds on the main pages, against gunicorn.

The app runs under gunicorn with the repository's ``gunicorn.conf.py`` (its workers and
threads) on the seeded SQLite database that ``make bench`` prepares. Each client is a
thread with its own keep-alive ``http.client`` connection that asks for the pages in turn,
as fast as answers come, so every page gets the same share of the load and its
latencies compare with the others'. Per page it prints requests, errors, p50 and p99 latency and
requests per second, next to ``/healthz`` (no database) in the same run. Any error (a
status other than 200, or a failed connection) is a FAIL and a non-zero exit.

    python -m tests.benchmarks.load --clients 8,32 --load-seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tests.benchmarks.export import _free_port
from tracker.config import ROOT
from tracker.models import Project, User
from tracker.services.accounts import api_tokens, users

BENCH_USER = "load-bench"
# High enough that the rate limits never refuse the load test, but still counted.
UNTHROTTLED = {"RATELIMIT_SIGN_IN": "1000000/minute", "RATELIMIT_API": "1000000/minute",
               "RATELIMIT_DOWNLOADS": "1000000/minute"}  # fmt: skip


@dataclass
class PageStats:
    """What the clients saw of one page: latencies of good answers (s), and errors."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def bench_token(url: str) -> tuple[str, int]:
    """A viewer's API token in the bench database (a user of its own), and a project's id."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            user = session.scalar(select(User).where(User.username == BENCH_USER))
            if user is None:
                user = users.create_user(session, BENCH_USER, secrets.token_hex(16), "viewer")
            _, secret = api_tokens.issue_token(session, user, "load test", issued_by=None)
            project_id = session.scalar(select(Project.id).order_by(Project.id))
            session.commit()
    finally:
        engine.dispose()
    return secret, project_id


def start_gunicorn(url: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, **UNTHROTTLED, "DATABASE_URL": url, "SECRET_KEY": "bench",
           "BIND": f"127.0.0.1:{port}"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 20 s")


def client_loop(port: int, pages: list[str], headers: dict[str, str], until: float,
                offset: int, stats: dict[str, PageStats],
                lock: threading.Lock) -> None:  # fmt: skip
    """One client: the pages in turn, starting at ``offset``, until the deadline."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    seen: dict[str, PageStats] = {page: PageStats() for page in pages}
    for page in itertools.islice(itertools.cycle(pages), offset, None):
        if time.perf_counter() >= until:
            break
        started = time.perf_counter()
        try:
            connection.request("GET", page, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()  # a fresh connection for the next request
            status, problem = None, f"{type(error).__name__}: {error}"
        else:
            problem = f"HTTP {status}"
        if status == 200:
            seen[page].latencies.append(time.perf_counter() - started)
        else:
            seen[page].errors += 1
            seen[page].first_error = seen[page].first_error or problem
    connection.close()
    with lock:
        for page, page_stats in seen.items():
            stats[page].latencies.extend(page_stats.latencies)
            stats[page].errors += page_stats.errors
            stats[page].first_error = stats[page].first_error or page_stats.first_error


def run_load(port: int, pages: list[str], token: str, clients: int, seconds: float):
    """``clients`` threads for ``seconds``: the stats per page."""
    headers = {"Authorization": f"Bearer {token}"}  # only the API reads it
    stats = {page: PageStats() for page in pages}
    lock = threading.Lock()
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client_loop,
                         args=(port, pages, headers, until, number, stats, lock))
        for number in range(clients)
    ]  # fmt: skip
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def print_load(clients: int, stats: dict[str, PageStats], elapsed: float) -> int:
    """The table for one run; returns the number of errors."""
    print(f"\nLoad: {clients} clients for {elapsed:.0f} s against gunicorn (gunicorn.conf.py)")
    print(f"{'page':<22} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for page, page_stats in stats.items():
        done = page_stats.latencies
        print(f"{page:<22} {len(done):>9,} {page_stats.errors:>7} "
              f"{percentile(done, 0.5) * 1000:>8.1f} {percentile(done, 0.99) * 1000:>8.1f} "
              f"{len(done) / elapsed:>8.1f}")  # fmt: skip
    errors = sum(page_stats.errors for page_stats in stats.values())
    done = [latency for page_stats in stats.values() for latency in page_stats.latencies]
    print(f"{'all pages':<22} {len(done):>9,} {errors:>7} "
          f"{percentile(done, 0.5) * 1000:>8.1f} {percentile(done, 0.99) * 1000:>8.1f} "
          f"{len(done) / elapsed:>8.1f}")  # fmt: skip
    for page, page_stats in stats.items():
        if page_stats.errors:
            print(f"  {page}: {page_stats.errors} errors, the first {page_stats.first_error}")
    return errors


def bench_load(url: str, clients: list[int], seconds: float) -> int:
    """Serve the database ``url`` with gunicorn and load it once per number of clients;
    prints the tables and a FAIL or PASS line; returns the number of errors."""
    token, project_id = bench_token(url)
    pages = ["/", "/projects", "/dashboard", f"/projects/{project_id}", "/api/v1/projects",
             "/healthz"]  # fmt: skip
    server, port = start_gunicorn(url)
    errors = 0
    try:
        run_load(port, pages, token, min(clients), 2)  # warm every worker's caches
        for count in clients:
            stats, elapsed = run_load(port, pages, token, count, seconds)
            errors += print_load(count, stats, elapsed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if errors:
        print(f"FAIL: {errors} requests failed under load (the bar is 0)")
    else:
        print("PASS: no request failed under load")
    return errors


def main() -> None:
    from tests.benchmarks.run import BENCH_DIR, prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8,32", help="comma-separated client counts")
    parser.add_argument("--load-seconds", type=float, default=60, help="seconds per run")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{Path(BENCH_DIR) / 'home-235.db'}"
    prepare(url, 235)
    clients = [int(count) for count in args.clients.split(",")]
    sys.exit(1 if bench_load(url, clients, args.load_seconds) else 0)


if __name__ == "__main__":
    main()
