"""`partnerfolio webhook add|list|remove`: where alert events are POSTed."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db import transaction

from partnerfolio.audit.services import audit_record
from partnerfolio.notifications import addresses
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint
from partnerfolio.partnerships.cli_support import EXIT_INVALID

EVENT_TYPES = (
    "pitfall",
    "pitfall.new",
    "review",
    "review.due",
    "review.overdue",
    "agreement",
    "agreement.renewal",
    "agreement.end",
)


class Command(BaseCommand):
    help = "Manage the webhook endpoints that receive alert events (docs/alerts.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add an endpoint")
        add.add_argument("url")
        add.add_argument("--secret", help="shared secret (default: a new one, printed once)")
        add.add_argument(
            "--events",
            default="",
            help=f"comma-separated event types or kinds to send (default: all): "
            f"{', '.join(EVENT_TYPES)}",
        )
        add.add_argument(
            "--confidential",
            action="store_true",
            help="also send events about confidential partnerships",
        )
        sub.add_parser("list", help="list the endpoints and their latest delivery")
        remove = sub.add_parser("remove", help="remove an endpoint and its delivery log")
        remove.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _add(self, options: dict[str, Any]) -> None:
        url = options["url"]
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise CommandError(f"not an http(s) URL: {url!r}", returncode=EXIT_INVALID) from None
        kinds = [k.strip() for k in options["events"].split(",") if k.strip()]
        unknown = [k for k in kinds if k not in EVENT_TYPES]
        if unknown:
            raise CommandError(
                f"unknown event type(s): {', '.join(unknown)}; one of {', '.join(EVENT_TYPES)}",
                returncode=EXIT_INVALID,
            )
        try:
            addresses.check_url(url)
        except addresses.AddressRefused as refused:
            raise CommandError(f"{url}: {refused}", returncode=EXIT_INVALID) from None
        secret = options["secret"] or secrets.token_urlsafe(32)
        with transaction.atomic():
            endpoint = WebhookEndpoint.objects.create(
                url=url, secret=secret, event_kinds=kinds, confidential=options["confidential"]
            )
            audit_record(
                actor="partnerfolio webhook",
                action="webhook_add",
                entity="webhook_endpoint",
                entity_id=endpoint.pk,
                after={"url": url, "event_kinds": kinds, "confidential": endpoint.confidential},
            )
        self.stdout.write(f"webhook {endpoint.pk} added: {url}")
        if not options["secret"]:
            self.stdout.write(f"secret (shown once): {secret}")

    def _list(self, options: dict[str, Any]) -> None:
        endpoints = list(WebhookEndpoint.objects.all())
        if not endpoints:
            self.stdout.write("no webhook")
            return
        for e in endpoints:
            last = WebhookDelivery.objects.filter(endpoint=e).order_by("-at", "-id").first()
            state = (
                "never used"
                if last is None
                else f"last attempt {last.at:%Y-%m-%d %H:%M} "
                + ("ok" if last.succeeded else f"failed: {last.error}")
            )
            columns = [
                str(e.pk),
                e.url,
                "active" if e.active else "inactive",
                ",".join(e.event_kinds) or "all events",
                "with confidential" if e.confidential else "not confidential",
                state,
            ]
            self.stdout.write("\t".join(columns))

    def _remove(self, options: dict[str, Any]) -> None:
        with transaction.atomic():
            endpoint = WebhookEndpoint.objects.filter(pk=options["id"]).first()
            if endpoint is None:
                raise CommandError(f"no webhook {options['id']}", returncode=EXIT_INVALID)
            audit_record(
                actor="partnerfolio webhook",
                action="webhook_remove",
                entity="webhook_endpoint",
                entity_id=endpoint.pk,
                before={"url": endpoint.url, "event_kinds": endpoint.event_kinds},
            )
            endpoint.delete()
        self.stdout.write(f"webhook {options['id']} removed")
