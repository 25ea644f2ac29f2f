"""The data directory is its owner's alone (issue 11, item 4): created 0700, every file in
it 0600 (the database and its -wal and -shm files, the task queue's database, the secret
key), whatever the umask; an installation from before, with 0644 files, is tightened when
it starts. Real processes, a real directory, the umask of most machines (022)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# In a second process, with the connections open (so SQLite's -wal and -shm files exist):
# the secret key read, a write to the database, a task queued; then every mode.
TOUCH_EVERYTHING = """
import json, os, stat, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
from partnerfolio.notifications.queue import huey
assert len(str(settings.SECRET_KEY)) >= 50
with connection.cursor() as cursor:
    cursor.execute("UPDATE audit_datarevision SET value = value + 1 WHERE id = 1")
huey.storage.enqueue(b"a task")
assert huey.storage.queue_size() == 1
found = {}
for folder, dirs, files in os.walk(settings.DATA_DIR):
    for name in dirs + files:
        path = os.path.join(folder, name)
        found[os.path.relpath(path, settings.DATA_DIR)] = stat.S_IMODE(os.stat(path).st_mode)
json.dump(found, sys.stdout)
"""


def environment(data_dir: Path) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PARTNERFOLIO_", "DJANGO")) and k != "DATABASE_URL"
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "partnerfolio.config.settings",
        "PARTNERFOLIO_DATA_DIR": str(data_dir),
    }


def run(args: list[str], data_dir: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """`args` in a second process, with the umask of most machines (files 0644 and
    folders 0755 unless we say otherwise)."""
    done = subprocess.run(
        args,
        env=environment(data_dir),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=lambda: os.umask(umask),
    )
    assert done.returncode == 0, done.stderr
    return done


def migrate(data_dir: Path, umask: int = 0o022) -> None:
    run([sys.executable, "-m", "partnerfolio.cli", "migrate", "-v", "0"], data_dir, umask)


def touch_everything(data_dir: Path, umask: int = 0o022) -> dict[str, int]:
    return json.loads(run([sys.executable, "-c", TOUCH_EVERYTHING], data_dir, umask).stdout)


def modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.stat().st_mode)
    return found


def owner_only(found: dict[str, int], data_dir: Path) -> dict[str, str]:
    """Every entry that is not owner-only: directories 0700, files 0600."""
    wrong = {}
    for name, mode in found.items():
        expected = 0o700 if (data_dir / name).is_dir() else 0o600
        if mode != expected:
            wrong[name] = oct(mode)
    return wrong


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_new_data_directory_and_every_file_in_it_are_the_owners_alone(tmp_path, umask):
    data_dir = tmp_path / "var"
    migrate(data_dir, umask)
    after_migrate = modes(data_dir)
    assert "partnerfolio.sqlite3" in after_migrate
    assert owner_only(after_migrate, data_dir) == {}

    while_open = touch_everything(data_dir, umask)
    # SQLite's companions exist while connections are open; they take the database's mode
    for name in (
        "partnerfolio.sqlite3",
        "partnerfolio.sqlite3-wal",
        "partnerfolio.sqlite3-shm",
        "huey.sqlite3",
        "secret_key",
    ):
        assert name in while_open, (name, while_open)
    assert owner_only(while_open, data_dir) == {}
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert owner_only(modes(data_dir), data_dir) == {}


def test_an_installation_from_before_is_tightened_when_it_starts(tmp_path):
    data_dir = tmp_path / "var"
    migrate(data_dir)
    touch_everything(data_dir)
    # as an older version left it: readable by every user of the machine
    data_dir.chmod(0o755)
    for path in data_dir.iterdir():
        path.chmod(0o644)
    for name in ("partnerfolio.sqlite3-wal", "partnerfolio.sqlite3-shm"):
        (data_dir / name).touch(mode=0o644)  # left behind by a process that was killed
    assert owner_only(modes(data_dir), data_dir) != {}

    before = modes(data_dir)
    # a process that only starts (Django set up, no database opened, no key read)
    run([sys.executable, "-c", "import django; django.setup()"], data_dir)
    after = modes(data_dir)
    assert set(after) == set(before)
    assert owner_only(after, data_dir) == {}

    for path in data_dir.iterdir():
        path.chmod(0o644)
    migrate(data_dir)  # a command that opens the database, not the queue nor the key
    assert owner_only(modes(data_dir), data_dir) == {}


def test_what_someone_else_put_in_the_data_directory_is_left_alone(tmp_path):
    data_dir = tmp_path / "var"
    migrate(data_dir)
    notes = data_dir / "backup-notes.txt"
    notes.write_text("kept by the administrator")
    notes.chmod(0o644)
    data_dir.chmod(0o755)
    migrate(data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700  # which keeps everyone else out
    assert stat.S_IMODE(notes.stat().st_mode) == 0o644


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_secret_key_alone_makes_a_private_directory(tmp_path, umask):
    """With PostgreSQL the data directory may hold only the generated secret key."""
    data_dir = tmp_path / "var"
    code = (
        "import django; django.setup(); from django.conf import settings; str(settings.SECRET_KEY)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(umask),
    )
    assert done.returncode == 0, done.stderr
    assert modes(data_dir) == {".": 0o700, "secret_key": 0o600}
