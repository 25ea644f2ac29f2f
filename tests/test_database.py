"""The application layer runs on the database the run asked for, with complete migrations."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_it_talks_to_the_database_the_run_asked_for():
    expected = os.environ.get("PARTNERFOLIO_REQUIRE_DB", "sqlite")
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 + 1")
        assert cursor.fetchone() == (2,)


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_django_system_checks_pass():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def test_embedded_sqlite_waits_for_writers_instead_of_failing(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "partnerfolio.config.sqlite":
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert database["OPTIONS"]["timeout"] >= 5
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    else:
        assert database["ENGINE"] == "django.db.backends.postgresql"
