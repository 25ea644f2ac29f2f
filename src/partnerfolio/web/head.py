"""HEAD wherever GET: the GET answer's status and headers, without its body.

Django's `require_GET` and Django Ninja's routes answer HEAD with 405, though HTTP has
every GET resource answer HEAD (RFC 9110 §9.3.2; monitors and link checkers use it). This
runs the request as a GET, through the same authentication and permissions, and drops the
body, keeping its Content-Length.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class HeadAsGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []  # type: ignore[attr-defined]
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
        return response
