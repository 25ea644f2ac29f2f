"""Settings for bench/api_bench.py: the project's, plus a bare view beside the API."""

import os

from partnerfolio.config.settings import *  # noqa: F403

ROOT_URLCONF = "api_bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# `--conn-max-age N` overrides how long a worker keeps its connection; left out, the
# settings' own (60 s) are measured.
if os.environ.get("API_BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["API_BENCH_CONN_MAX_AGE"])  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
