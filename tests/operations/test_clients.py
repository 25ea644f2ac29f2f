"""The client address behind our proxies (operations.clients), as login throttling counts it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from partnerfolio.operations.clients import client_address
from tests.accounts.conftest import ana, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db


def address(forwarded: str | None) -> str | None:
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "seen"),
    [
        (0, "198.51.100.7", "127.0.0.1"),  # no proxy of ours: the header is the client's word
        (1, "203.0.113.5", "203.0.113.5"),  # nginx appended the client
        (1, "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # the client's own entry ignored
        (2, "198.51.100.7, 203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies
        (1, None, "127.0.0.1"),  # a request that did not pass the proxy
        (1, " , ", "127.0.0.1"),
    ],
)
def test_the_address_the_outermost_proxy_saw(settings, proxies, forwarded, seen):
    settings.PARTNERFOLIO_PROXY_COUNT = proxies
    assert address(forwarded) == seen


def test_behind_one_proxy_a_forged_header_does_not_escape_the_lockout(client, ana, settings):  # noqa: F811
    settings.PARTNERFOLIO_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, 203.0.113.5"}
        assert sign_in(client, "ana", "not the password", **forged).status_code in {200, 429}
    again = {"HTTP_X_FORWARDED_FOR": "198.51.100.99, 203.0.113.5"}
    assert sign_in(client, "ana", **again).status_code == 429
    # someone else behind the same proxy is not locked out with the guesser
    assert sign_in(client, "ana", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
