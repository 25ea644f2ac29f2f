"""Request logs (partnerfolio.operations.logs): one JSON line a request and a request id
that reaches the audit record, with no secret and no personal data beyond a user id."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from partnerfolio.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def request_lines(capsys) -> list[dict]:
    return [
        line for line in lines(capsys.readouterr().out) if line["logger"] == "partnerfolio.request"
    ]


def test_each_request_writes_one_json_line_with_its_id_user_status_and_duration(
    client_ana, ana, capsys
):
    capsys.readouterr()
    response = client_ana.get("/partnerships/?q=Secret+Partner+Name")
    assert response.status_code == 200
    [line] = request_lines(capsys)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] == ana.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/partnerships/", 200)
    assert line["duration_ms"] >= 0
    assert line["level"] == "info"
    # nothing a person typed, no cookie, no session
    text = json.dumps(line)
    assert "Secret" not in text
    assert "sessionid" not in text
    assert client_ana.cookies["sessionid"].value not in text


def test_the_proxy_request_id_is_kept_when_plain_and_replaced_when_not(client_ana, capsys):
    capsys.readouterr()
    kept = client_ana.get("/", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    forged = client_ana.get("/", headers={"X-Request-ID": 'x" \n{"level": "error"}'})
    assert forged["X-Request-ID"] != 'x" \n{"level": "error"}'
    assert len(forged["X-Request-ID"]) == 32
    assert [line["request_id"] for line in request_lines(capsys)] == [
        kept["X-Request-ID"],
        forged["X-Request-ID"],
    ]


def test_a_change_records_the_request_id_in_its_audit_record(client_ana):
    response = client_ana.post(
        "/partners/new/", {"name": "Logged Partner Co", "kind": "company", "size": "small"}
    )
    assert response.status_code in {200, 302}, response.content
    record = AuditRecord.objects.get(entity="partner_organization")
    assert record.request_id == response["X-Request-ID"]


def test_an_error_is_one_json_line_with_the_traceback_and_the_request_id(settings, capsys):
    """A 500 with DEBUG off leaves a trace: the request line and Django's error line."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.operations.broken_urls"
    client = Client(raise_request_exception=False)
    capsys.readouterr()
    response = client.get("/broken")
    assert response.status_code == 500
    found = lines(capsys.readouterr().out)
    error = next(line for line in found if line["logger"] == "django.request")
    assert error["level"] == "error"
    assert "RuntimeError: the disk is on fire" in error["error"]
    assert error["request_id"] == response["X-Request-ID"]
    request = next(line for line in found if line["logger"] == "partnerfolio.request")
    assert (request["status"], request["level"]) == (500, "warning")
