"""The data directory is its owner's alone: the directory 0700, and every file Partnerfolio
keeps in it 0600 (docs/security.md), whatever the umask.

Each file is made owner-only before it is first written (SQLite would create a database
with mode 0644 less the umask, and gives its -wal and -shm files the database's mode), and
an installation from before, with files readable by everyone, is tightened when a process
starts (`tighten_data_directory`, from `AccountsConfig.ready`: every command, the web
server, the worker) and again where each file is opened (each new database connection,
the task queue's connection, the secret key's first read). Only the files Partnerfolio
keeps are touched, never anything else someone put in the directory. The collected static
files (`static/`) keep the modes `collectstatic` gives them: they are the public assets
every visitor downloads, and the directory's 0700 already keeps other users of the machine
out. No Django here: the settings module uses it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
# The files SQLite keeps beside a database while it is open or after a crash.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
# What Partnerfolio keeps in the data directory (the collected static files apart).
SECRET_KEY_FILE = "secret_key"
DATABASE_FILE = "partnerfolio.sqlite3"
QUEUE_FILE = "huey.sqlite3"

log = logging.getLogger("partnerfolio.private")


def private_directory(path: Path) -> None:
    """Creates the directory (its missing parents with the usual modes) or tightens it."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    _tighten(path, DIRECTORY_MODE)


def private_file(path: Path) -> None:
    """Tightens the file to 0600 if it exists."""
    _tighten(path, FILE_MODE)


def private_new_file(path: Path) -> int:
    """Creates the file, owner-only, failing if it exists (`O_EXCL`); returns its
    descriptor, open for writing."""
    private_directory(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # a umask such as 0277 would have taken more away
    return descriptor


def private_database(path: Path) -> None:
    """Before SQLite opens the database at `path`: its directory private, the database
    created empty and owner-only when missing (an empty file is an empty SQLite database),
    and an existing one and its companions tightened."""
    with contextlib.suppress(FileExistsError):
        os.close(private_new_file(path))
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        private_file(candidate)


def tighten_data_directory(data_dir: Path) -> None:
    """When a process starts: an existing data directory made 0700 and the files
    Partnerfolio keeps in it 0600 (a missing directory stays missing)."""
    if not data_dir.is_dir():
        return
    private_directory(data_dir)
    for name in (SECRET_KEY_FILE, DATABASE_FILE, QUEUE_FILE):
        private_file(data_dir / name)
        if name != SECRET_KEY_FILE:
            for suffix in SQLITE_COMPANIONS:
                private_file(data_dir / f"{name}{suffix}")


def _tighten(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        pass
    except PermissionError:
        # Someone else's file (a directory prepared by an administrator): say so rather
        # than refuse to start; whoever owns it decides.
        log.warning("could not make %s readable by its owner only (mode %o)", path, mode)
