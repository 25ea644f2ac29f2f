"""The project's routes and one bench-only route: the same JSON from memory, no database."""

import os
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from partnerfolio.config.urls import urlpatterns as project

CANNED = Path(os.environ["API_BENCH_CANNED"]).read_bytes()


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(CANNED, content_type="application/json")


urlpatterns = [path("bench/bare/", bare), *project]
