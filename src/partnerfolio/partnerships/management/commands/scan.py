"""`partnerfolio scan`: assess every stored partnership and list what needs attention."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from partnerfolio.domain import PlaybookError, assess, load_playbook
from partnerfolio.domain.messages import pitfall_evidence
from partnerfolio.interchange.output import finding_json
from partnerfolio.partnerships import models, selectors
from partnerfolio.partnerships.cli_support import EXIT_INVALID, iso_date, progress


class Command(BaseCommand):
    help = (
        "Assess every stored partnership and list the pitfalls found, most severe first. "
        "--json prints one finding per line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
        parser.add_argument(
            "--playbook", metavar="FILE", help="a TOML playbook overriding the defaults"
        )
        parser.add_argument("--json", action="store_true", help="one JSON finding per line")
        parser.add_argument(
            "--notify",
            action="store_true",
            help="then tell the owners what is new since the last run: digest emails, in-app "
            "notifications, webhooks (docs/alerts.md); the summary goes to stderr with --json",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            playbook = load_playbook(options["playbook"] or settings.PARTNERFOLIO_PLAYBOOK)
        except PlaybookError as error:
            raise CommandError(f"playbook: {error}", returncode=EXIT_INVALID) from None
        as_of = options["as_of"] or timezone.localdate()
        total = models.Partnership.objects.count()
        findings = []
        with progress(total, "scanning") as bar, selectors.collector_paused():
            task = bar.add_task("scan", total=total)
            recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
            for _pid, snapshot in selectors.portfolio_snapshots(recent=recent, cached=True):
                for pitfall in assess(snapshot, as_of, playbook).pitfalls:
                    findings.append(
                        (pitfall.severity.rank, pitfall.code.value, snapshot.name, pitfall)
                    )
                bar.advance(task)
        findings.sort(key=lambda f: f[:3])
        self._report(findings, total, as_of, options["json"])
        if options["notify"]:
            from partnerfolio.notifications.alerts import run_alerts

            result = run_alerts(as_of, playbook)
            (self.stderr if options["json"] else self.stdout).write(result.summary())

    def _report(self, findings: list[Any], total: int, as_of: Any, as_json: bool) -> None:
        if as_json:
            for _rank, _code, name, pitfall in findings:
                self.stdout.write(json.dumps(finding_json(name, pitfall), ensure_ascii=False))
            return
        console = Console(file=self.stdout._out, highlight=False)
        partnerships = len({name for _r, _c, name, _p in findings})
        console.print(
            f"{total} partnership(s) assessed as of {as_of.isoformat()}: "
            f"{len(findings)} finding(s) in {partnerships} partnership(s)"
        )
        if not findings:
            return
        table = Table(show_edge=False, pad_edge=False)
        for column in ("severity", "pitfall", "partnership", "evidence"):
            table.add_column(column, overflow="fold")
        for _rank, code, name, pitfall in findings:
            table.add_row(pitfall.severity.value, code, name, pitfall_evidence(pitfall))
        console.print(table)
