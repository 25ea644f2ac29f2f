"""/healthz and /readyz: answered to anyone, in JSON, saying nothing but pass or fail."""

from __future__ import annotations

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from partnerfolio.operations import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_signing_in():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_the_cache_and_the_broker():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


def test_a_cache_that_is_down_makes_readyz_503_naming_it_and_nothing_more(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis://secret-host:6379 refused the connection")

    monkeypatch.setattr(health.cache, "set", down)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed", "broker": "ok"}
    assert b"secret-host" not in response.content


def test_unapplied_migrations_make_readyz_503(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed"


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_only_reads_are_answered(url):
    assert Client().post(url).status_code == 405


def test_production_does_not_redirect_health_checks_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/partnerships/").status_code == 301
