"""A body over the documented 5 MiB answers a 413 problem, not Django's HTML 400; HEAD
answers wherever GET does, with GET's status and headers and no body, and still needs
the same authentication."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from tests.api.conftest import CSRF, session_client, token_client
from tests.people import signed_in

pytestmark = pytest.mark.django_db
MIB = 1024 * 1024


def _document(size: int) -> bytes:
    """A JSON object of `size` bytes (refused by the §8 rules for its unknown key)."""
    head = b'{"name": "Big", "padding": "'
    return head + b"a" * (size - len(head) - 2) + b'"}'


def test_the_limit_is_the_documented_5_mib():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MIB


@pytest.mark.parametrize("how", ["token", "session"])
def test_a_body_over_the_limit_answers_a_413_problem(world, how):
    client = token_client(world, "ada") if how == "token" else session_client("ada")
    response = client.post(
        "/api/v1/partnerships",
        _document(5 * MIB + 1),
        content_type="application/json",
        **(CSRF if how == "session" else {}),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 413
    assert "5 MiB" in body["detail"]


def test_a_body_under_the_limit_is_read(world):
    client = token_client(world, "ada")
    response = client.post(
        "/api/v1/partnerships", _document(3 * MIB), content_type="application/json"
    )
    assert response.status_code == 422  # read, and refused for what it says
    assert "padding" in json.dumps(response.json()["errors"])


def test_a_page_keeps_a_plain_client_error_for_a_body_over_the_limit(world):
    response = signed_in("ada").post(
        "/advisor/", {"name": "x" * (5 * MIB + 1)}, HTTP_ACCEPT="text/html"
    )
    assert 400 <= response.status_code < 500
    assert "problem+json" not in response["Content-Type"]


# --- HEAD ------------------------------------------------------------------------------

PAGES = (
    "/",
    "/partnerships/",
    "/partnerships/{atlas}/",
    "/partners/",
    "/reports/portfolio/",
    "/notifications/",
    "/accounts/",
    "/spreadsheets/export/partnerships.csv",
    "/advisor/",
)
ENDPOINTS = (
    "/api/v1/partnerships",
    "/api/v1/partnerships/{atlas}",
    "/api/v1/partnerships/{atlas}/reviews",
    "/api/v1/organizations",
    "/api/v1/tokens",
    "/api/v1/openapi.json",
)


def _same_but_empty(get, head, url):
    assert head.status_code == get.status_code == 200, url
    assert head.getvalue() == b"", url
    assert head["Content-Type"] == get["Content-Type"], url
    for header in ("ETag", "Content-Disposition", "Cache-Control"):
        assert head.get(header) == get.get(header), (url, header)
    if get.has_header("Content-Length"):
        assert head["Content-Length"] == get["Content-Length"], url


def test_head_answers_every_sampled_page_like_get_without_a_body(world):
    client = signed_in("ada")
    for page in PAGES:
        url = page.format(atlas=world["Atlas"])
        _same_but_empty(client.get(url), client.head(url), url)


def test_head_answers_every_sampled_endpoint_like_get_without_a_body(world):
    client = token_client(world, "ada")
    for endpoint in ENDPOINTS:
        url = endpoint.format(atlas=world["Atlas"])
        _same_but_empty(client.get(url), client.head(url), url)


def test_head_still_needs_authentication(world):
    anonymous = token_client(world, "anonymous")
    response = anonymous.head("/api/v1/partnerships")
    assert response.status_code == 401
    assert response.content == b""
    page = signed_in("anonymous").head("/partnerships/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    hidden = token_client(world, "vic").head(f"/api/v1/partnerships/{world['Cobalt']}")
    assert hidden.status_code == 404  # what GET says to someone who may not see it


def test_head_is_no_way_to_write(world):
    client = token_client(world, "ada")
    response = client.head("/api/v1/assess")  # a POST-only endpoint stays so
    assert response.status_code == 405
