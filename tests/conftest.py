"""Suite-wide set-up: when a run asks for PostgreSQL, its server must answer or the run stops."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# `HYPOTHESIS_PROFILE=thorough make test` explores far more generated partnerships.
settings.register_profile("default", max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REQUIRE_DB = "PARTNERFOLIO_REQUIRE_DB"


def pytest_configure(config: pytest.Config) -> None:
    wanted = os.environ.get(REQUIRE_DB)
    if wanted != "postgresql":
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.exit(f"{REQUIRE_DB}=postgresql but DATABASE_URL is {url!r}", returncode=3)
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    try:
        # The maintenance database: the suite creates its own test database beside it.
        psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.Error as error:
        pytest.exit(
            f"PostgreSQL at {db['HOST']}:{db['PORT']} is unreachable: {error}", returncode=3
        )


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_guard() -> Iterator[None]:
    """Transactional tests end with Django's flush, which on SQLite empties each table with
    DELETE (PostgreSQL's TRUNCATE fires no row trigger): the flush gets the permit that
    `partnerfolio pruneaudit` has, so the audit trail's guard stays on in every test."""
    from django.db import transaction
    from django.db.backends.sqlite3.base import DatabaseOperations  # the backend first

    from partnerfolio.audit import guard

    flush = DatabaseOperations.execute_sql_flush

    def permitted(self: Any, sql_list: Any) -> None:
        with transaction.atomic(using=self.connection.alias), guard.pruning(self.connection.alias):
            flush(self, sql_list)

    DatabaseOperations.execute_sql_flush = permitted  # type: ignore[method-assign]
    yield
    DatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _quick_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow; tests creating many accounts hash with a quick one,
    except where hashing itself is under test (`test_passwords_are_hashed_with_argon2`)."""
    if "argon2" in request.node.name or "django_db" not in {
        m.name for m in request.node.iter_markers()
    }:
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHROMIUM = os.environ.get("PARTNERFOLIO_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright, one for the whole run (Playwright's sync
    API runs one instance at a time). Missing Chromium fails: `make test` installs it."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: `make test` installs it (apt-get install chromium)"
        )
    # The sync API runs an event loop in this thread; tests still make plain database calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def assessed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The partnerships assessed from now on, by name, counted: by the summaries, and by
    the portfolio report's own assessment (of a day the summaries are not for)."""
    from partnerfolio.partnerships import summaries
    from partnerfolio.reports import portfolio_lines

    seen: Counter[str] = Counter()
    for module in (summaries, portfolio_lines):

        def counting(snapshot: Any, as_of: Any, playbook: Any, real: Any = module.assess) -> Any:
            seen[snapshot.name] += 1
            return real(snapshot, as_of, playbook)

        monkeypatch.setattr(module, "assess", counting)
    return seen
