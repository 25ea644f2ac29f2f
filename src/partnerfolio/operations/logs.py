"""Structured logs: one JSON object a line, on standard output, for every request and error.

`settings.LOGGING` sends every logger through `JsonLines`. Each line holds the time (UTC,
ISO 8601), the level, the logger, the message and, while a request is served, its request
id and the signed-in user's id (`partnerfolio.operations.context`); `RequestLog` adds one
line a request with its method, path (never the query string, which may hold names),
status and duration. No line holds a secret or personal data beyond a user id: no
headers, no cookies, no bodies, no query strings.

Why our own formatter and not python-json-logger: thirty lines with no options to get
wrong, and the fields are ours to choose (docs/deploy.md).

The servers (gunicorn and `partnerfolio worker`) log to standard output, which systemd's
journal collects; every other command logs to standard error, so what a command prints
(`partnerfolio export > portfolio.json`) is never mixed with log lines (`cli.main`).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from partnerfolio.operations import context

# Set by `partnerfolio.cli` before Django configures logging: commands other than the
# servers keep standard output for what they print.
STREAM = "stdout"

# The fields a log call may add with `extra=`; anything else passed is left out.
FIELDS = ("method", "path", "status", "duration_ms")


class JsonLines(logging.StreamHandler):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        # the stream as it is now (a test's captured output, a redirected one)
        self.stream = sys.stderr if STREAM == "stderr" else sys.stdout
        super().emit(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        identifier, user = context.request_id(), context.user_id()
        if identifier is not None:
            line["request_id"] = identifier
        if user is not None:
            line["user_id"] = user
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


request_log = logging.getLogger("partnerfolio.request")


class IdentifyUser:
    """Right after authentication: the signed-in person's id on this request's log lines
    (the API's token authentication does the same for token requests)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.identify(user.pk)
        return self.get_response(request)


class RequestLog:
    """First of the middleware: a request id for each request (the proxy's X-Request-ID
    when it is plain, else a new one), answered in X-Request-ID, and one log line when
    the answer leaves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        identifier = context.chosen_id(request.headers.get("X-Request-ID"))
        request.request_id = identifier  # type: ignore[attr-defined]
        tokens = context.begin(identifier)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = identifier
            status = response.status_code
            request_log.log(
                logging.WARNING if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            context.end(tokens)
