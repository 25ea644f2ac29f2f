"""`partnerfolio worker`: the task queue's consumer (webhook deliveries and their retries,
the daily alerts, background imports): djhuey's `run_huey`, under the name people use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import autodiscover_modules
from huey import Huey
from huey.consumer import Consumer
from huey.consumer_options import ConsumerConfig

from partnerfolio.partnerships.cli_support import EXIT_INVALID


def make_consumer(**options: Any) -> Consumer:
    """djhuey's consumer as its `run_huey` builds it: settings.HUEY["consumer"] overridden
    by `options`, checked, after importing every app's tasks.py (which registers the
    tasks). Unlike run_huey it adds no log handler: settings.LOGGING routes "huey"'s lines."""
    from huey.contrib.djhuey import HUEY

    defaults = settings.HUEY.get("consumer", {}) if isinstance(settings.HUEY, dict) else {}
    config = ConsumerConfig(**{**defaults, **options})
    config.validate()
    autodiscover_modules("tasks")
    return HUEY.create_consumer(**config.values)


def drain(queue: Huey | None = None) -> int:
    """Run every task queued and every scheduled one now due, in this process; answer how
    many ran. For installations without a resident worker (cron), and for tests."""
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    queue = queue or HUEY
    ran = 0
    while True:
        batch = queue.read_schedule()  # due by now
        task = queue.dequeue()
        if task is not None:
            batch.append(task)
        if not batch:
            return ran
        for item in batch:
            queue.execute(item)
            ran += 1


class Command(BaseCommand):
    help = (
        "Run the background task queue: webhook deliveries and their retries, and the daily "
        "alert run at PARTNERFOLIO_ALERT_HOUR. Runs until stopped (SIGINT/SIGTERM); --drain "
        "runs what is due now and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", "-w", type=int, default=2, help="default: 2")
        parser.add_argument(
            "--worker-type", choices=("thread", "process"), default="thread", help="default: thread"
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="do not run the daily alert job here (another server's worker does)",
        )
        parser.add_argument("--drain", action="store_true", help="run the tasks due now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["drain"]:
            self.stdout.write(f"{drain()} task(s) run")
            return
        if options["workers"] < 1:
            raise CommandError(
                f"--workers must be at least 1, got {options['workers']}", returncode=EXIT_INVALID
            )
        make_consumer(
            workers=options["workers"],
            worker_type=options["worker_type"],
            periodic=not options["no_periodic"],
        ).run()
