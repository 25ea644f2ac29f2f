"""Settings for bench/api_bench.py: the project's, plus a bare view beside the API."""

from partnerfolio.config.settings import *  # noqa: F403

ROOT_URLCONF = "api_bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
