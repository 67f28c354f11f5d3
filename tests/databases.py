"""Throwaway databases for the suite: SQLite files and a real PostgreSQL server.

Each backend gets two templates built once per session (migrated; migrated and seeded).
A test gets its own copy of a template, so tests never see each other's writes.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A PostgreSQL cluster in a temporary directory under /tmp, on a free port."""

    def __init__(self) -> None:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not candidates and shutil.which("initdb"):
            candidates = [shutil.which("initdb")]
        if not candidates:
            raise RuntimeError(
                "PostgreSQL is not installed, and the suite runs every test on it too. "
                "Install it (Debian: apt-get install -y postgresql) or point "
                "TEST_DATABASE_URL at a server."
            )
        self.bin = Path(candidates[-1]).parent
        self.directory = tempfile.mkdtemp(prefix="tracker-pg-", dir="/tmp")
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:  # PostgreSQL refuses to run as root.
            shutil.chown(self.directory, "postgres", "postgres")
        data = f"{self.directory}/data"
        self._run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--locale=C.UTF-8")  # fmt: skip
        self._run("pg_ctl", "-D", data, "-w", "-l", f"{self.directory}/log",
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {self.directory} -F", "start")  # fmt: skip
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", f"{self.directory}/data", "-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


class PostgresDatabases:
    """Creates databases on a server, copies of templates included."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=None)
        self.prefix = f"t{uuid.uuid4().hex[:8]}"

    def create(self, name: str, template: str | None = None) -> str:
        name = f"{self.prefix}_{name}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return make_url(self.server_url).set(database=name).render_as_string(False)

    def copy(self, template_url: str, name: str) -> str:
        return self.create(name, template=make_url(template_url).database)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.admin.dispose()


class SqliteDatabases:
    """SQLite files in a temporary directory; a copy is a file copy."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="tracker-sqlite-"))

    def create(self, name: str) -> str:
        return f"sqlite:///{self.directory / name}.db"

    def copy(self, template_url: str, name: str) -> str:
        source = make_url(template_url).database
        target = self.directory / f"{name}.db"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        Path(make_url(url).database).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
