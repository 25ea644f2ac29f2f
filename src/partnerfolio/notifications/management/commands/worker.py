"""`partnerfolio worker`: the task queue's consumer (webhook deliveries, the daily alerts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from huey import Huey
from huey.consumer import Consumer


def make_consumer(
    workers: int = 2, worker_type: str = "thread", periodic: bool = True, queue: Huey | None = None
) -> Consumer:
    """Huey's consumer for our queue, with every task registered."""
    from partnerfolio.notifications import tasks  # noqa: F401  (registers the tasks)
    from partnerfolio.notifications.queue import huey

    return (queue or huey).create_consumer(
        workers=workers, worker_type=worker_type, periodic=periodic, check_worker_health=True
    )


def drain(queue: Huey | None = None) -> int:
    """Run every task queued and every scheduled one now due, in this process; answer how
    many ran. For installations without a resident worker (cron), and for tests."""
    from partnerfolio.notifications import tasks  # noqa: F401
    from partnerfolio.notifications.queue import huey

    queue = queue or huey
    ran = 0
    while True:
        now = queue._get_timestamp()
        batch = queue.read_schedule(now)
        task = queue.dequeue()
        if task is not None:
            batch.append(task)
        if not batch:
            return ran
        for item in batch:
            queue.execute(item, now)
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
            options["workers"] = 1
        make_consumer(
            workers=options["workers"],
            worker_type=options["worker_type"],
            periodic=not options["no_periodic"],
        ).run()
