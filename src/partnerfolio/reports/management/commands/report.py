"""`partnerfolio report`: a partnership's review or the portfolio report, as PDF or HTML.

The command line is the administrator's tool (docs/access.md): it sees every
partnership, confidential ones included.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console

from partnerfolio.domain import PlaybookError, load_playbook
from partnerfolio.partnerships import models
from partnerfolio.partnerships.cli_support import EXIT_INVALID, iso_date
from partnerfolio.reports import content, documents, portfolio
from partnerfolio.reports.period import PeriodError, period_for


class Command(BaseCommand):
    help = (
        "Write a partnership's quarterly review (`report partnership NAME`) or the "
        "portfolio report (`report portfolio`) as a PDF (default) or an HTML file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=("partnership", "portfolio"), help="which report")
        parser.add_argument("name", nargs="?", help="the partnership's name (partnership only)")
        parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
        parser.add_argument(
            "--out", metavar="FILE", help="default: derived from the name and the period"
        )
        parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
        parser.add_argument(
            "--quarter", metavar="YYYYQn", help="a calendar quarter (2026Q4) instead"
        )
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument(
            "--playbook", metavar="FILE", help="a TOML playbook overriding the defaults"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        what, name = options["what"], options["name"]
        if what == "partnership" and not name:
            raise CommandError(
                "name the partnership: report partnership NAME", returncode=EXIT_INVALID
            )
        if what == "portfolio" and name:
            raise CommandError(
                f"the portfolio report takes no name (got {name!r})", returncode=EXIT_INVALID
            )
        try:
            playbook = load_playbook(options["playbook"] or settings.PARTNERFOLIO_PLAYBOOK)
        except PlaybookError as error:
            raise CommandError(f"playbook: {error}", returncode=EXIT_INVALID) from None
        try:
            period = period_for(options["quarter"], options["as_of"], timezone.localdate())
        except PeriodError as error:
            raise CommandError(str(error), returncode=EXIT_INVALID) from None

        if what == "partnership":
            partnership = models.Partnership.objects.filter(name=name).first()
            if partnership is None:
                raise CommandError(_unknown(name), returncode=EXIT_INVALID)
            report = content.partnership_report(partnership, period, playbook)
        else:
            report = portfolio.portfolio_report(models.Partnership.objects.all(), period, playbook)

        extension = options["format"]
        out = Path(options["out"] or documents.file_name(report, extension))
        if out.exists() and not options["force"]:
            raise CommandError(
                f"{out} exists: not overwritten (--force overwrites it)", returncode=EXIT_INVALID
            )
        if out.parent and not out.parent.is_dir():
            raise CommandError(f"no directory {out.parent}", returncode=EXIT_INVALID)
        err = Console(file=sys.stderr, highlight=False)
        started = time.perf_counter()
        with err.status(f"writing {report['title']}…"):
            html = documents.document_html(report)
            data = html.encode("utf-8") if extension == "html" else documents.pdf_bytes(html)
        out.write_bytes(data)
        took = time.perf_counter() - started
        Console(file=self.stdout._out, highlight=False).print(
            f"Wrote {out} ({report['title']}, {report['period'].title}; "
            f"{len(data) / 1024:.0f} KB in {took:.1f} s)",
            soft_wrap=True,
        )


def _unknown(name: str) -> str:
    """No partnership of that name: say so, and name the closest ones."""
    close = list(
        models.Partnership.objects.filter(name__icontains=name.strip()[:40])
        .order_by("name")
        .values_list("name", flat=True)[:5]
    )
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"no partnership named {name!r}{hint}"
