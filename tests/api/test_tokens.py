"""Personal tokens: created by a signed-in person (secret shown once, only its hash kept),
listed without secrets, scoped (read tokens may not write), expiring and revocable."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.api.models import ApiToken
from partnerfolio.api.tokens import token_create
from tests.api.conftest import CSRF, HOST, session_client, token_client

pytestmark = pytest.mark.django_db


def _create(client, **body):
    return client.post("/api/v1/tokens", body, content_type="application/json", **CSRF)


def test_a_token_is_shown_once_and_stored_as_a_hash(world):
    client = session_client("vic")
    response = _create(client, name="laptop", scope="read", days=7)
    assert response.status_code == 201
    secret = response.json()["secret"]
    stored = ApiToken.objects.get(pk=response.json()["id"])
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=stored.pk).values().get())
    listed = client.get("/api/v1/tokens")
    assert listed.status_code == 200
    assert "secret" not in listed.content.decode()
    assert secret not in listed.content.decode()
    assert [t["name"] for t in listed.json()] == ["laptop", "tests"]  # vic's own only
    assert (
        token_client({"tokens": {"vic": secret}}, "vic").get("/api/v1/partnerships").status_code
        == 200
    )


def test_a_session_needs_the_csrf_token_to_write(world):
    client = session_client("mia")
    refused = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/csrf")
    assert _create(client, name="x").status_code == 201


def test_a_read_token_reads_but_may_not_write(world):
    _token, secret = token_create(
        user=User.objects.get(username="ada"), name="r", scope="read", days=1
    )
    client = token_client({"tokens": {"ada": secret}}, "ada")
    assert client.get(f"/api/v1/partnerships/{world['Atlas']}").status_code == 200
    assert (
        client.post("/api/v1/assess", {"name": "x"}, content_type="application/json").status_code
        == 200
    )
    for method, url, body in (
        ("patch", f"/api/v1/partnerships/{world['Atlas']}", {"governance": {"owner": "X"}}),
        (
            "post",
            f"/api/v1/partnerships/{world['Atlas']}/engagements",
            {"on": "2026-01-01", "kind": "workshop"},
        ),
        ("post", "/api/v1/partnerships", {"name": "New"}),
        ("post", "/api/v1/tokens", {"name": "more"}),
    ):
        response = getattr(client, method)(
            url, body, content_type="application/json", HTTP_IF_MATCH="*"
        )
        assert response.status_code == 403, url
        assert "scope read" in response.json()["detail"]


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown", "malformed", "owner inactive"])
def test_a_token_that_no_longer_holds_answers_401(world, how):
    secret = world["tokens"]["mia"]
    token = ApiToken.objects.get(user__username="mia")
    if how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif how == "revoked":
        response = session_client("mia").delete(f"/api/v1/tokens/{token.pk}", **CSRF)
        assert response.status_code == 204
    elif how == "unknown":
        secret = secret[:-2] + "xx"
    elif how == "malformed":
        secret = "not a token"
    else:
        User.objects.filter(username="mia").update(is_active=False)
    response = token_client({"tokens": {"mia": secret}}, "mia").get("/api/v1/partnerships")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_one_may_revoke_only_ones_own_tokens(world):
    adas = ApiToken.objects.get(user__username="ada")
    assert session_client("mia").delete(f"/api/v1/tokens/{adas.pk}", **CSRF).status_code == 404
    assert ApiToken.objects.get(pk=adas.pk).revoked_at is None


def test_partner_users_get_no_tokens(world):
    assert _create(session_client("pat"), name="x").status_code == 403
    assert (
        session_client("anonymous")
        .post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
        .status_code
        == 401
    )


def test_use_is_recorded(world):
    token_client(world, "vic").get("/api/v1/partnerships")
    assert ApiToken.objects.get(user__username="vic").last_used_at is not None


def test_the_token_command_prints_a_working_secret(world):
    out = StringIO()
    call_command(
        "token",
        "create",
        "vic",
        "--name",
        "cron",
        "--scope",
        "read",
        "--days",
        "3",
        stdout=out,
        stderr=StringIO(),
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(name="cron")
    assert (token.scope, token.user.username) == ("read", "vic")
    assert timedelta(days=2) < token.expires_at - timezone.now() <= timedelta(days=3)
    from django.test import Client

    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **HOST).get("/api/v1/scan").status_code == 200
    )
