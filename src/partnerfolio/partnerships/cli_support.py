"""Shared pieces of the record's commands: who is acting, dates, progress bars."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from partnerfolio.audit.services import Actor

EXIT_INVALID = 2
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}")


def acting_user(username: str | None) -> Actor:
    """The named account, or the operating-system user for work done from the shell."""
    if username is None:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return f"command line ({who})"
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"no user named {username!r}", returncode=EXIT_INVALID) from None


def progress(total: int, label: str) -> Progress:
    """A progress bar on standard error, shown only to a person at a terminal."""
    console = Console(file=sys.stderr)
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or total < 2,
    )
