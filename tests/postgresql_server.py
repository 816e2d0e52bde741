"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` package's binaries, a cluster
in a temporary folder, a free local port and its Unix socket in that folder; stopped and removed
at the end of the session. Databases are made from templates, so that a store built once per
session is copied per test as cheaply as an SQLite file.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

REQUIRED_ENV = "NEWSKB_TEST_POSTGRESQL"  # set (CI does): no server is a failure, not a skip
USER = "newskb"


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them off PATH, under /usr/lib/postgresql/N/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="newskb-postgresql-"))
        self.port = _free_port()
        # initdb refuses to run as root: then the cluster belongs to the postgres user
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.root, self.user, self.user)
        self.names = (f"store_{n}" for n in itertools.count(1))
        self.admin = "postgres"  # the database connected to while creating others

    def _run(self, *args: str) -> None:
        done = subprocess.run([str(a) for a in args], user=self.user, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> Server:
        data = self.root / "data"
        self._run(self.bin / "initdb", "-D", data, "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(self.bin / "pg_ctl", "-D", data, "-o", options, "-l", self.root / "log", "-w", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.root / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(self.admin), autocommit=True) as admin:
            admin.execute(sql)

    def database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`), as its URL."""
        name = next(self.names)
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)


class ExistingServer(Server):
    """A server running elsewhere (for the benchmarks), given as a URL of a database to connect to
    while creating others; the databases made are dropped at `stop`."""

    def __init__(self, url: str):
        self.base, self.admin = url.rsplit("/", 1)
        self.names = (f"newskb_{os.getpid()}_{n}" for n in itertools.count(1))
        self.made: list[str] = []

    def url(self, database: str) -> str:
        return f"{self.base}/{database}"

    def database(self, template: str | None = None) -> str:
        url = super().database(template)
        self.made.append(url.rsplit("/", 1)[1])
        return url

    def stop(self) -> None:
        for name in self.made:
            self._admin(f"DROP DATABASE IF EXISTS {name}")
