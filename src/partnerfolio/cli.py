"""The `partnerfolio` command: every verb is a Django management command."""

from __future__ import annotations

import os
import signal
import sys


def main(argv: list[str] | None = None) -> None:
    if hasattr(signal, "SIGPIPE") and argv is None:
        # `partnerfolio scan --json | head` ends quietly, as shell tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnerfolio", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
