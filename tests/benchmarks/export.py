"""Export benchmark: the CSV download from the production server next to ``sqlite3 -csv``.

The tracker's side is a real download of ``/projects/export.csv`` (wide, every project) from
gunicorn started with the repository's ``gunicorn.conf.py`` (one worker), read to the end
and parsed, so the figure includes the HTTP stream and proves the file complete. The
reference is the ``sqlite3`` command-line shell dumping the same columns, each project's
links joined by ``group_concat``, from the same database in the same run. Peak memory is
the worker's high-water mark (VmHWM) against its size before the download, and the
shell's maximum resident size.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tracker.config import ROOT

# The wide export's columns as a DBA would dump them with the sqlite3 shell.
REFERENCE_SQL = """
SELECT p.code, p.title, p.description, p.status, s.name,
  p.planned_start, p.planned_end, p.actual_start, p.actual_end, printf('%.2f', p.budget),
  p.currency,
  (SELECT group_concat(g, '; ') FROM (SELECT DISTINCT t.goal_number AS g FROM project_targets pt
     JOIN targets t ON t.id = pt.target_id WHERE pt.project_id = p.id ORDER BY 1)),
  (SELECT group_concat(t.code || coalesce(' (' || pt.share || '%)', ''), '; ')
     FROM project_targets pt JOIN targets t ON t.id = pt.target_id WHERE pt.project_id = p.id),
  (SELECT group_concat(x.sector_code || coalesce(' (' || x.share || '%)', ''), '; ')
     FROM project_sectors x WHERE x.project_id = p.id),
  (SELECT group_concat(x.place_code || coalesce(' (' || x.share || '%)', ''), '; ')
     FROM project_places x WHERE x.project_id = p.id),
  {organisations},
  (SELECT group_concat(d.code, '; ') FROM project_documents x
     JOIN strategic_documents d ON d.id = x.document_id WHERE x.project_id = p.id),
  p.source, CASE WHEN p.source IN ('seed_illustration', 'synthetic') THEN 'yes' ELSE 'no' END,
  p.version, p.updated_at
FROM projects p JOIN activity_statuses s ON s.code = p.status
ORDER BY coalesce(p.actual_start, p.planned_start) DESC NULLS LAST, p.id DESC;
""".format(
    organisations=",\n  ".join(
        "(SELECT group_concat(o.acronym, '; ') FROM project_organisations x JOIN organisations o"
        f" ON o.id = x.organisation_id WHERE x.project_id = p.id AND x.role = {role})"
        for role in (1, 2, 3, 4)
    )
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _worker_of(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def sqlite3_reference(path: Path) -> dict[str, float] | None:
    """``sqlite3 -csv`` of the same columns: seconds, rows and peak memory (MiB)."""
    if not shutil.which("sqlite3"):
        print("  sqlite3 is not installed (apt-get install -y sqlite3): reference skipped")
        return None
    with tempfile.TemporaryFile("w+", newline="") as output:
        started = time.perf_counter()
        shell = subprocess.Popen(["sqlite3", "-csv", "-header", str(path), REFERENCE_SQL],
                                 stdout=output)  # fmt: skip
        _, status, usage = os.wait4(shell.pid, 0)  # the shell's own peak memory, not ours
        seconds = time.perf_counter() - started
        if status:
            raise RuntimeError("sqlite3 failed on the reference query")
        output.seek(0)
        rows = sum(1 for _ in csv.reader(output)) - 1
    peak = usage.ru_maxrss / 1024
    return {"seconds": seconds, "rows": rows, "peak_mib": peak}


def served_export(url: str) -> dict[str, float]:
    """Download the wide export from gunicorn with the production settings (one worker)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench",
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        worker = _worker_of(server.pid)
        before = _kib(worker, "VmRSS")
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/projects/export.csv") as response:
            first = response.read(1)
            first_byte = time.perf_counter() - started
            body = first + response.read()
        seconds = time.perf_counter() - started
        peak = _kib(worker, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = body.decode("utf-8-sig")
    rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    return {"seconds": seconds, "first_byte": first_byte, "rows": rows, "mib": len(body) / 2**20,
            "before_mib": before / 1024, "peak_mib": peak / 1024}  # fmt: skip


def bench_export(path: Path, url: str, projects: int) -> dict[str, dict | None]:
    served = served_export(url)
    if served["rows"] != projects:
        raise RuntimeError(f"the export held {served['rows']:,} rows, not {projects:,}")
    return {"served": served, "reference": sqlite3_reference(path)}


def print_export_rows(rows) -> None:
    print()
    print("CSV export (wide, every project) downloaded from gunicorn with gunicorn.conf.py, next "
          "to sqlite3 -csv of the same columns (same run)")  # fmt: skip
    print(f"{'projects':>8}  {'rows':>8}  {'MiB':>6}  {'1st byte':>8}  {'export s':>8}  "
          f"{'sqlite3 s':>9}  {'ratio':>6}  {'worker MiB before/peak':>22}  "
          f"{'sqlite3 MiB':>11}")  # fmt: skip
    for size, result in rows:
        served, reference = result["served"], result["reference"]
        ref_s = f"{reference['seconds']:>9.2f}" if reference else f"{'-':>9}"
        ratio = f"{served['seconds'] / reference['seconds']:>5.2f}x" if reference else f"{'-':>6}"
        ref_mib = f"{reference['peak_mib']:>11.0f}" if reference else f"{'-':>11}"
        memory = f"{served['before_mib']:.0f} / {served['peak_mib']:.0f}"
        print(f"{size:>8,}  {served['rows']:>8,}  {served['mib']:>6.1f}  "
              f"{served['first_byte'] * 1000:>6.0f}ms  {served['seconds']:>8.2f}  {ref_s}  "
              f"{ratio}  {memory:>22}  {ref_mib}")  # fmt: skip
