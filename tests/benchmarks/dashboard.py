"""Dashboard benchmarks: figures against bare SQL, cached views, requests per second."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

from tests.sql_capture import capture, replayer
from tracker import create_app
from tracker.extensions import db
from tracker.services import dashboards
from tracker.services.figure_cache import clear
from tracker.services.register.search import RegisterFilters


def bench_dashboard(url: str, repeat: int, median_ms) -> dict[str, float]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    filters = RegisterFilters()
    with app.app_context():
        engine = db.engine
        build = lambda: dashboards.overview(db.session, filters, "projects")  # noqa: E731
        statements = capture(engine, build)
        replay = replayer(engine, statements)
        try:
            service_ms = median_ms(build, repeat)
            sql_ms = median_ms(replay, repeat)
        finally:
            replay.close()
        client = app.test_client()

        def uncached_page():
            clear()
            client.get("/dashboard")

        page_ms = median_ms(uncached_page, max(3, repeat // 2))
        client.get("/dashboard")
        cached_ms = median_ms(lambda: client.get("/dashboard"), repeat)
        for engine in db.engines.values():
            engine.dispose()
    return {"service": service_ms, "sql": sql_ms, "page": page_ms, "cached": cached_ms,
            "queries": len(statements)}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def requests_per_second(url: str, paths: list[str], seconds: int = 5) -> dict[str, float] | None:
    """Serve the app with gunicorn (production settings) and load it with wrk, 8 connections."""
    if not shutil.which("wrk"):
        print("  wrk is not installed (apt-get install -y wrk): requests per second skipped")
        return None
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "tracker:create_app()"],
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for path in paths:
            subprocess.run(["wrk", "-t2", "-c8", "-d1s", f"http://127.0.0.1:{port}{path}"],
                           capture_output=True, check=True)  # warm-up  # fmt: skip
            out = subprocess.run(
                ["wrk", "-t2", "-c8", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if non_2xx:
                raise RuntimeError(f"{path} answered {non_2xx.group(1)} errors under load")
            results[path] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def print_dashboard_rows(rows, load: dict[str, float] | None) -> None:
    print()
    print("Dashboard overview: building its figures (uncached) next to the same SQL replayed "
          "bare, the uncached page, and the cached page (median ms, same run)")  # fmt: skip
    print(f"{'database':<11} {'projects':>8}  {'figures':>9}  {'bare SQL':>9}  {'ratio':>7}  "
          f"{'page':>9}  {'cached':>8}  {'queries':>7}")  # fmt: skip
    for database, size, r in rows:
        print(
            f"{database:<11} {size:>8,}  {r['service']:>9.2f}  {r['sql']:>9.2f}  "
            f"{r['service'] / r['sql']:>6.2f}x  {r['page']:>9.2f}  {r['cached']:>8.2f}  "
            f"{r['queries']:>7}"
        )
    if load:
        dash, trivial = load["/dashboard"], load["/healthz"]
        print(f"Requests per second at 235 projects, 8 concurrent clients (gunicorn, 2 workers x "
              f"4 threads): /dashboard {dash:,.0f}, trivial /healthz {trivial:,.0f} "
              f"({dash / trivial:.0%})")  # fmt: skip
