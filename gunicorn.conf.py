"""The production server's settings: gunicorn reads this file from the working directory.

Threaded workers, because a long CSV or IATI export streams for seconds: a gthread worker
keeps telling the arbiter it is alive while its threads serve, so ``timeout`` guards
against stuck workers without cutting off a large download.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in any library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
wsgi_app = "tracker:create_app()"
accesslog = "-" if os.environ.get("ACCESS_LOG") == "1" else None


def when_ready(server) -> None:
    """Once, as the server starts: warn if demo accounts keep their public passwords."""
    from tracker import create_app
    from tracker.startup_checks import warn_about_demo_accounts

    warn_about_demo_accounts(create_app(), server.log)
