"""Webhooks reach public addresses only, unless an administrator allows a host by name:
refused when added, and again when sent (a name that resolves elsewhere since included).

Host names resolve through tests/notifications/conftest.py's NAMES (no DNS is asked); the
only traffic is to the receiver on 127.0.0.1.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from partnerfolio.notifications import addresses, webhooks
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint
from tests.notifications.conftest import Receiver, alerts
from tests.notifications.test_commands import run

pytestmark = pytest.mark.django_db

REFUSED = {
    "http://127.0.0.1:8000/hook": "loopback",
    "http://localhost/hook": "loopback",
    "http://[::1]/hook": "loopback",
    "http://[::ffff:127.0.0.1]/hook": "loopback",
    "http://0.0.0.0/hook": "unspecified",
    "http://10.1.2.3/hook": "private",
    "http://192.168.0.10/hook": "private",
    "http://172.16.5.4/hook": "private",
    "http://[fd00::1]/hook": "private",
    "http://169.254.169.254/latest/meta-data/": "link-local",
    "http://[fe80::1]/hook": "link-local",
    "http://100.64.0.1/hook": "not public",
    "https://internal.example.org/hook": "private",  # a name that resolves to 10.0.0.7
    "https://metadata.example.org/hook": "link-local",
}


@pytest.fixture
def names(webhook_addresses, settings):
    webhook_addresses.update(
        {
            "localhost": "127.0.0.1",
            "internal.example.org": "10.0.0.7",
            "metadata.example.org": "169.254.169.254",
        }
    )
    settings.PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS = []
    return webhook_addresses


@pytest.mark.parametrize("url", REFUSED)
def test_adding_a_webhook_to_an_address_that_is_not_public_is_refused(names, url):
    with pytest.raises(CommandError, match=REFUSED[url]) as refused:
        run("webhook", "add", url)
    assert refused.value.returncode == 2
    assert "PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS" in str(refused.value)
    assert not WebhookEndpoint.objects.exists()


def test_an_address_written_otherwise_is_seen_through(names):
    for url in ("http://2130706433/hook", "http://0x7f.1/hook", "http://127.1/hook"):
        with pytest.raises(addresses.AddressRefused, match="loopback"):
            addresses.check_url(url)  # the command's URL check refuses these already


def test_a_public_address_or_an_allowed_host_is_added(names, settings):
    run("webhook", "add", "https://hooks.example.org/pf")  # a public address
    settings.PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS = "Internal.example.org, 127.0.0.1"
    run("webhook", "add", "https://internal.example.org/hook")
    run("webhook", "add", "http://127.0.0.1:9/x")
    with pytest.raises(CommandError, match="private"):
        run("webhook", "add", "http://10.1.2.3/hook")  # allowing a name allows that name only
    assert WebhookEndpoint.objects.count() == 3


def test_a_host_that_does_not_resolve_is_refused(names, monkeypatch):
    def unknown(*args, **kwargs):
        raise addresses.socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(addresses, "_getaddrinfo", unknown)
    with pytest.raises(CommandError, match="does not resolve"):
        run("webhook", "add", "https://nowhere.example.org/hook")


def test_sending_to_a_loopback_address_not_allowed_reaches_nothing(world, names, settings):
    receiver = Receiver()
    try:
        hook = WebhookEndpoint.objects.create(
            url=receiver.url, secret=receiver.secret
        )  # saved before
        alerts()
        assert receiver.requests == []
        deliveries = WebhookDelivery.objects.filter(endpoint=hook)
        assert deliveries.exists()
        for delivery in deliveries:
            assert delivery.error.startswith("refused: 127.0.0.1 is a loopback address")
            assert delivery.gave_up  # not retried: it would be refused again
        settings.PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
        alerts()  # nothing new to send: the refused events were given up on
        delivery = webhooks.attempt(hook, "e1", "pitfall.new", "{}", 1)
        assert delivery.succeeded
        assert len(receiver.requests) == 1
    finally:
        receiver.close()


def test_a_name_that_resolves_to_loopback_at_sending_reaches_nothing(world, names):
    """DNS rebinding: public when the webhook was added, 127.0.0.1 when the event goes."""
    receiver = Receiver()
    try:
        port = receiver.server.server_address[1]
        url = f"http://rebound.example.org:{port}/hooks"
        run("webhook", "add", url, "--secret", receiver.secret)
        names["rebound.example.org"] = "127.0.0.1"
        alerts()
        assert receiver.requests == []
        errors = set(WebhookDelivery.objects.values_list("error", flat=True))
        assert errors == {
            "refused: rebound.example.org (127.0.0.1) is a loopback address: webhooks go to "
            "public addresses; allow it by name with "
            "PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS=rebound.example.org (docs/alerts.md)"
        }
    finally:
        receiver.close()
