"""The team installation of docs/deploy.md, started for real on loopback: PostgreSQL (the
machine's server, a database of the test's own), Redis, two gunicorn application servers,
the worker and Debian's nginx with a certificate made here. Each piece runs as the guide
says, with the files the guide ships (deploy/), and is stopped at the end."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def exec_start(unit: str, port: int | None = None) -> list[str]:
    """The command line of a shipped systemd unit (deploy/systemd/), run from this venv."""
    text = (ROOT / "deploy" / "systemd" / unit).read_text().replace("\\\n", " ")
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    words = line.removeprefix("ExecStart=").split()
    words[0] = str(BIN / Path(words[0]).name)
    return [w.replace("%i", str(port)) for w in words]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, ready, timeout: float = 60.0, process=None, log=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            told = log.read_text()[-3000:] if log is not None and log.exists() else ""
            raise RuntimeError(f"{what} stopped (exit {process.returncode}):\n{told}")
        with contextlib.suppress(Exception):
            if ready():
                return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def database() -> Iterator[str]:
    name = f"pf_team_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def redis(directory: Path) -> Iterator[str]:
    """docs/deploy.md step 3: a Redis that keeps nothing on disk, bounded, LRU."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "128mb", "--maxmemory-policy", "allkeys-lru",
         "--dir", str(directory)],
        stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for("redis", lambda: socket.create_connection(("127.0.0.1", port), 1).close() or 1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (an operator would use their CA's)."""
    cert, key = directory / "tls.crt", directory / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Installation:
    directory: Path
    environment: dict[str, str]
    https_port: int
    http_port: int
    cert: Path
    app_ports: list[int] = field(default_factory=list)
    apps: dict[int, subprocess.Popen] = field(default_factory=dict)
    worker: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def command(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [str(BIN / "partnerfolio"), *args], env=self.environment, input=stdin,
            capture_output=True, text=True, timeout=300, cwd=self.directory,
        )  # fmt: skip
        assert done.returncode == 0, f"partnerfolio {' '.join(args)}: {done.stderr}"
        return done.stdout

    def log(self, port: int) -> Path:
        return self.directory / f"app-{port}.log"

    def start_app(self, port: int) -> None:
        """docs/deploy.md step 6 (deploy/systemd/partnerfolio@.service)."""
        self.apps[port] = subprocess.Popen(
            exec_start("partnerfolio@.service", port),
            env=self.environment, cwd=self.directory, start_new_session=True,
            stdout=self.log(port).open("a"), stderr=(self.directory / f"app-{port}.err").open("a"),
        )  # fmt: skip
        wait_for(
            f"application server {port}",
            lambda: _answers(f"http://127.0.0.1:{port}/healthz"),
            process=self.apps[port],
            log=self.directory / f"app-{port}.err",
        )

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            exec_start("partnerfolio-worker.service"),
            env=self.environment, cwd=self.directory, start_new_session=True,
            stdout=(self.directory / "worker.log").open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def start_nginx(self) -> None:
        """docs/deploy.md step 8, with deploy/nginx/partnerfolio.conf as shipped."""
        site = (ROOT / "deploy" / "nginx" / "partnerfolio.conf").read_text()
        upstreams = "\n    ".join(
            f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in self.app_ports
        )
        for name, value in {
            "UPSTREAMS": upstreams,
            "HTTP_PORT": str(self.http_port),
            "HTTPS_PORT": str(self.https_port),
            "SERVER_NAME": "127.0.0.1 localhost",
            "CERTIFICATE": str(self.cert),
            "CERTIFICATE_KEY": str(self.cert.with_suffix(".key")),
        }.items():
            site = site.replace(f"@{name}@", value)
        assert not re.search(r"@[A-Z_]+@", site.split("\nupstream", 1)[1])
        (self.directory / "site.conf").write_text(site)
        # What Debian's /etc/nginx/nginx.conf provides around sites-enabled/, in the test's
        # own directory (no root needed, nothing of the machine's touched).
        d = self.directory
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
        (d / "nginx.conf").write_text(f"""
{user}
worker_processes 2;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {d}/nginx-access.log;
    client_body_temp_path {d}/nginx-body;
    proxy_temp_path {d}/nginx-proxy;
    fastcgi_temp_path {d}/nginx-fastcgi;
    uwsgi_temp_path {d}/nginx-uwsgi;
    scgi_temp_path {d}/nginx-scgi;
    include {d}/site.conf;
}}
""")
        test = subprocess.run(
            [NGINX, "-t", "-c", str(d / "nginx.conf"), "-p", str(d)], capture_output=True, text=True
        )
        assert test.returncode == 0, test.stderr
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(d / "nginx.conf"), "-p", str(d), "-g", "daemon off;"],
            start_new_session=True, stderr=(d / "nginx.err").open("a"),
        )  # fmt: skip
        wait_for(
            "nginx",
            lambda: _answers(f"{self.url}/healthz", self.tls()),
            process=self.nginx,
            log=d / "nginx.err",
        )

    def stop_all(self) -> None:
        for process in [self.nginx, self.worker, *self.apps.values()]:
            if process is not None:
                stop(process)


def _answers(url: str, context: ssl.SSLContext | None = None) -> bool:
    with urllib.request.urlopen(url, timeout=2, context=context) as response:
        return response.status == 200


@contextlib.contextmanager
def installation(directory: Path, **extra: str) -> Iterator[Installation]:
    """Steps 2 to 8 of docs/deploy.md: the environment file, migrations, two application
    servers, the worker and nginx."""
    cert, _key = certificate(directory)
    https_port, http_port = free_port(), free_port()
    with database() as database_url, redis(directory) as redis_url:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(directory),
            "LANG": "C.UTF-8",
            "DATABASE_URL": database_url,
            "PARTNERFOLIO_REDIS_URL": redis_url,
            "PARTNERFOLIO_SECRET_KEY": "team-installation-test-" + uuid.uuid4().hex,
            "PARTNERFOLIO_DATA_DIR": str(directory / "var"),
            "PARTNERFOLIO_BASE_URL": f"https://127.0.0.1:{https_port}",
            "PARTNERFOLIO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PARTNERFOLIO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
            "PARTNERFOLIO_PRODUCTION": "true",
            "PARTNERFOLIO_TRUST_PROXY_HTTPS": "true",
            "PARTNERFOLIO_PROXY_COUNT": "1",
            "PARTNERFOLIO_HSTS_SECONDS": "60",
            **extra,
        }
        team = Installation(directory, environment, https_port, http_port, cert)
        team.command("migrate", "--noinput", "-v", "0")
        team.app_ports = [free_port(), free_port()]
        try:
            for port in team.app_ports:
                team.start_app(port)
            team.start_worker()
            team.start_nginx()
            yield team
        finally:
            team.stop_all()
