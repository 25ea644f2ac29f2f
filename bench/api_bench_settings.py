"""Settings for bench/api_bench.py: the project's, plus a bare view beside the API."""

import os

from partnerfolio.config.settings import *  # noqa: F403

ROOT_URLCONF = "api_bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# `--conn-max-age N`: what settings.py would do if it kept SQLite connections (it opens one
# per request, about 1 ms with its PRAGMAs). 0, the default, measures settings.py as it is.
if int(os.environ.get("API_BENCH_CONN_MAX_AGE") or 0):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["API_BENCH_CONN_MAX_AGE"])  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
