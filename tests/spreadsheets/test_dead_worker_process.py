"""The real worker (`partnerfolio worker`, in its own process) killed with SIGKILL while an
import's write transaction is open (every row checked, the writing begun, not committed): nothing written, the job found stopped (by its page,
or by the next worker when it starts), the reason shown, and the import run again.

On SQLite the processes share a database file in a temporary data directory; on
PostgreSQL they share the test database (committed: a transactional test). The queue is
Huey's SQLite file in the data directory on both. The pages are requested with Django's
test client in a `partnerfolio shell` process, against that same database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from huey import Huey
from huey.storage import SqliteStorage

from partnerfolio.config.private import DATABASE_FILE, QUEUE_FILE
from tests.spreadsheets.test_background import organizations

ROWS = 3_000
GRACE = 3  # seconds: PARTNERFOLIO_IMPORT_WORKER_GRACE for these processes
WAIT = 180  # seconds: the longest any step may take on a loaded machine

AS_MIA = """
import json, re
from django.test import Client
from partnerfolio.accounts.models import User
client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
client.force_login(User.objects.get(username="mia"))
def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
"""
SETUP = """
from partnerfolio.accounts.models import User
User.objects.create_user(username="mia", password="correct horse battery", role="manager")
"""
CONFIRM = (
    AS_MIA
    + """
from django.core.files.uploadedfile import SimpleUploadedFile
form = client.get("/spreadsheets/import/").content.decode()
upload = SimpleUploadedFile("orgs.csv", open({path!r}, "rb").read())
r = client.post("/spreadsheets/import/", {{"file": upload, "kind": "organization",
                "csrfmiddlewaretoken": token(form)}})
assert r.status_code == 302, r.content
review = client.get(r["Location"]).content.decode()
r = client.post(r["Location"], {{"kind": "organization", "action": "import",
                "csrfmiddlewaretoken": token(review)}})
assert r.status_code == 302, r.content
print(r["Location"])
"""
)
VIEW_AND_RERUN = (
    AS_MIA
    + """
page = client.get({url!r})
html = page.content.decode()
rerun = client.post({url!r} + "rerun/", {{"csrfmiddlewaretoken": token(html)}})
print(json.dumps({{"status": page.status_code, "html": html, "rerun": rerun.status_code,
                  "location": rerun.get("Location", "")}}))
"""
)


class Shared:
    """The database and the queue the processes share, seen from the test."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.queue: Huey | None = None
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "PARTNERFOLIO_REQUIRE_DB")
        }
        self.env.update(
            PARTNERFOLIO_DATA_DIR=str(data_dir),
            PARTNERFOLIO_IMPORT_WORKER_GRACE=str(GRACE),
            PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS="100",
        )
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            self.env["DATABASE_URL"] = f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        else:
            self.run("migrate", "-v", "0")

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "partnerfolio.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, code: str) -> str:
        return self.run("shell", "-v", "0", "-c", textwrap.dedent(code))

    def worker(self, log: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "partnerfolio.cli", "worker", "--workers", "1"],
            env=self.env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())
        db = sqlite3.connect(self.data_dir / DATABASE_FILE, timeout=WAIT)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def job(self, pk: int) -> dict[str, Any]:
        row = self.query(
            "SELECT status, failure, written, summary, rerun_as_id "
            f"FROM spreadsheets_importjob WHERE id = {int(pk)}"
        )[0]
        return dict(zip(("status", "failure", "written", "summary", "rerun_as"), row, strict=True))

    def organizations(self) -> int:
        return self.query("SELECT count(*) FROM partners_partnerorganization")[0][0]

    def writing(self) -> bool:
        """Another connection holds an open transaction that has written."""
        if connection.vendor == "postgresql":
            return bool(
                self.query(
                    "SELECT 1 FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                    "AND pid <> pg_backend_pid() AND datname = current_database()"
                )
            )
        db = sqlite3.connect(self.data_dir / DATABASE_FILE, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # database is locked: the writer holds it
            return True
        finally:
            db.close()

    def progress(self, pk: int) -> tuple[int, int] | None:
        if self.queue is None:  # once the processes have made the data directory
            filename = str(self.data_dir / QUEUE_FILE)
            self.queue = Huey("partnerfolio", storage_class=SqliteStorage, filename=filename)
        return self.queue.get(f"spreadsheet-import-{pk}-progress", peek=True)


def until(condition: Any, what: str, log: Path, every: float = 0.2) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {WAIT} s; worker log:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes], sig: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=WAIT)


@pytest.fixture
def shared(tmp_path: Path) -> Shared:
    return Shared(tmp_path / "var")


@pytest.mark.django_db(transaction=True)  # PostgreSQL: the other processes see the rows
@pytest.mark.parametrize("found_by", ["its page", "the next worker"])
def test_an_import_whose_worker_was_killed_is_failed_shown_and_run_again(
    shared, tmp_path, found_by
):
    log = tmp_path / "worker.log"
    path = tmp_path / "orgs.csv"
    path.write_bytes(organizations(ROWS))
    shared.shell(SETUP)
    url = shared.shell(CONFIRM.format(path=str(path))).strip()
    pk = int(url.rstrip("/").rsplit("/", 1)[1])
    assert shared.job(pk)["status"] == "queued"

    first = shared.worker(log)
    try:

        def in_the_write_transaction() -> bool:
            live = shared.progress(pk)
            return bool(
                live
                and live[0] == live[1] == ROWS  # every row checked: the writing has begun
                and shared.writing()  # and is not committed
                and shared.job(pk)["status"] == "running"
            )

        # the file is checked without a write transaction, then written in one short one
        # (a fraction of a second): watched closely
        until(in_the_write_transaction, "the import's write transaction", log, every=0.001)
        done_when_killed = shared.progress(pk)[0]
    finally:
        stop(first, signal.SIGKILL)
    assert first.returncode == -signal.SIGKILL

    job = shared.job(pk)
    assert job["status"] == "running"  # nobody has said otherwise yet
    assert not job["written"]
    assert shared.organizations() == 0  # the records written before the kill: none kept
    time.sleep(GRACE + 1)  # its worker silent past the grace period

    second = None
    try:
        if found_by == "the next worker":
            second = shared.worker(log)
            until(lambda: shared.job(pk)["status"] == "failed", "the start-up check", log)
        seen = json.loads(shared.shell(VIEW_AND_RERUN.format(url=url)).strip().splitlines()[-1])
        assert seen["status"] == 200
        assert "Not imported" in seen["html"]
        assert "the worker stopped while importing (last heard from at " in seen["html"]
        assert "nothing was written" in seen["html"]
        assert "Run it again</button>" in seen["html"]
        job = shared.job(pk)
        assert (job["status"], job["failure"]) == ("failed", "worker_lost")
        assert shared.organizations() == 0

        assert seen["rerun"] == 302
        again = int(seen["location"].rstrip("/").rsplit("/", 1)[1])
        assert shared.job(pk)["rerun_as"] == again
        second = second or shared.worker(log)
        until(lambda: shared.job(again)["status"] in ("done", "failed"), "the re-run", log)
        assert shared.job(again)["status"] == "done", shared.job(again)["summary"]
        assert shared.organizations() == ROWS
    finally:
        if second is not None:
            stop(second, signal.SIGINT)
    print(f"killed at {done_when_killed} of {ROWS} records")
