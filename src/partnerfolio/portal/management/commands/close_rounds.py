"""`partnerfolio close_rounds`: close every survey round whose closing date has passed.

The portal's pages close such rounds when they are read; run this daily (cron) so the
trust and satisfaction values arrive even when nobody opens the portal.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerfolio.portal.services import rounds_close_due


class Command(BaseCommand):
    help = "Close the survey rounds whose closing date has passed (dated that closing date)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = rounds_close_due()
        self.stdout.write(f"{closed} survey round(s) closed")
