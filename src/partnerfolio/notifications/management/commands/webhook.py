"""`partnerfolio webhook add|list|rotate|remove`: where alert events are POSTed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from partnerfolio.audit.services import audit_record
from partnerfolio.notifications import addresses, webhooks
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

ACTOR = "partnerfolio webhook"


def _local(at: Any) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M %Z}"


class Command(BaseCommand):
    help = "Manage the webhook endpoints that receive alert events (docs/alerts.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add an endpoint")
        add.add_argument("url")
        add.add_argument(
            "--secret",
            help="shared secret, whsec_ and the base64 of 24 to 64 bytes "
            "(default: a new one, printed once)",
        )
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
        rotate = sub.add_parser(
            "rotate",
            help="give an endpoint a new secret (printed once); the old one still signs "
            "for PARTNERFOLIO_WEBHOOK_ROTATION_HOURS",
        )
        rotate.add_argument("id", type=int)
        rotate.add_argument(
            "--finish", action="store_true", help="end the rotation now: the old secret stops"
        )
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
        try:
            secret = webhooks.secret_check(options["secret"]) if options["secret"] else None
        except ValueError as wrong:
            raise CommandError(f"--secret: {wrong}", returncode=EXIT_INVALID) from None
        secret = secret or webhooks.secret_new()
        with transaction.atomic():
            endpoint = WebhookEndpoint.objects.create(
                url=url, secret=secret, event_kinds=kinds, confidential=options["confidential"]
            )
            audit_record(
                actor=ACTOR,
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
            if webhooks.rotating(e, timezone.now()):
                columns.append(f"old secret signs until {_local(e.previous_secret_until)}")
            self.stdout.write("\t".join(columns))

    def _rotate(self, options: dict[str, Any]) -> None:
        endpoint = WebhookEndpoint.objects.filter(pk=options["id"]).first()
        if endpoint is None:
            raise CommandError(f"no webhook {options['id']}", returncode=EXIT_INVALID)
        if options["finish"]:
            if not webhooks.webhook_secret_rotation_finish(actor=ACTOR, endpoint=endpoint):
                raise CommandError(
                    f"webhook {endpoint.pk} has no rotation under way", returncode=EXIT_INVALID
                )
            self.stdout.write(f"webhook {endpoint.pk}: only the new secret signs from now on")
            return
        secret = webhooks.webhook_secret_rotate(actor=ACTOR, endpoint=endpoint)
        self.stdout.write(f"webhook {endpoint.pk}: new secret (shown once): {secret}")
        if not webhooks.rotating(endpoint, timezone.now()):
            self.stdout.write(
                "the old secret no longer signs (PARTNERFOLIO_WEBHOOK_ROTATION_HOURS)"
            )
            return
        self.stdout.write(
            f"the old secret signs as well until {_local(endpoint.previous_secret_until)}; "
            f"give the receiver the new one, then `partnerfolio webhook rotate "
            f"{endpoint.pk} --finish`"
        )

    def _remove(self, options: dict[str, Any]) -> None:
        with transaction.atomic():
            endpoint = WebhookEndpoint.objects.filter(pk=options["id"]).first()
            if endpoint is None:
                raise CommandError(f"no webhook {options['id']}", returncode=EXIT_INVALID)
            audit_record(
                actor=ACTOR,
                action="webhook_remove",
                entity="webhook_endpoint",
                entity_id=endpoint.pk,
                before={"url": endpoint.url, "event_kinds": endpoint.event_kinds},
            )
            endpoint.delete()
        self.stdout.write(f"webhook {options['id']} removed")
