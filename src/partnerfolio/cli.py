"""The `partnerfolio` command: every verb is a Django management command."""

from __future__ import annotations

import os
import signal
import sys

SERVERS = frozenset({"worker", "runserver"})


def main(argv: list[str] | None = None) -> None:
    if hasattr(signal, "SIGPIPE") and argv is None:
        # `partnerfolio scan --json | head` ends quietly, as shell tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
    arguments = sys.argv[1:] if argv is None else argv
    from partnerfolio.operations import logs

    # What a command prints is its answer: its log lines go to standard error. The
    # servers' go to standard output, where the journal collects them.
    logs.STREAM = "stdout" if arguments[:1] and arguments[0] in SERVERS else "stderr"
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reads the environment now)
    except ImproperlyConfigured as error:  # a variable set wrong: say which, exit 2
        print(f"partnerfolio: configuration: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    execute_from_command_line(["partnerfolio", *arguments])


if __name__ == "__main__":
    main()
