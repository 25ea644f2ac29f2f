"""Two processes writing the same SQLite database at once: both wait their turn, none fails."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

WRITER = textwrap.dedent(
    """
    from partnerfolio.evidence import services as evidence_services
    from partnerfolio.partnerships import services
    from partnerfolio.partnerships.models import Partnership
    partnership = Partnership.objects.get(name="Shared")
    for i in range({count}):
        evidence_services.engagement_record(
            actor="{who}", partnership=partnership, on="2026-01-01", kind="check_in", summary="{who} %d" % i
        )
        services.partnership_import(actor="{who}", document={{"name": "{who} %d" % i}})
    """
)
COUNT = """
from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Engagement
print(Engagement.objects.count(), AuditRecord.objects.count())
"""


def test_two_writers_on_one_sqlite_file_both_succeed(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PARTNERFOLIO_REQUIRE_DB")
    }
    env["PARTNERFOLIO_DATA_DIR"] = str(tmp_path)
    partnerfolio = [sys.executable, "-m", "partnerfolio.cli"]

    def shell(code: str) -> list[str]:
        return [*partnerfolio, "shell", "-v", "0", "-c", code]

    subprocess.run([*partnerfolio, "migrate", "-v", "0"], env=env, check=True)
    setup = "from partnerfolio.partnerships import services\n"
    setup += "services.partnership_import(actor='setup', document={'name': 'Shared'})"
    subprocess.run(shell(setup), env=env, check=True)
    writers = [
        subprocess.Popen(
            shell(WRITER.format(who=who, count=100)),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("alpha", "beta")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    counted = subprocess.run(shell(COUNT), env=env, check=True, capture_output=True, text=True)
    assert counted.stdout.split() == ["200", "401"]
