"""Headers on every page, and Django's deployment checks clean in production mode."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client, ana):
    client.force_login(ana)
    for url in ("/", "/accounts/", "/accounts/login/"):
        response = client.get(url, follow=True)
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_pages_have_no_inline_script_or_style(client, ana):
    import re

    client.force_login(ana)
    for url in ("/", "/accounts/", "/accounts/two-factor/", "/accounts/invite/"):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)", page), url
        assert " style=" not in page, url
        assert "<style" not in page, url


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # one machine's installation: no database server (which would need a secret key set)
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PARTNERFOLIO_", "DJANGO", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-m", "partnerfolio.cli", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checks_are_clean_in_production(tmp_path):
    env = {
        "PARTNERFOLIO_PRODUCTION": "true",
        "PARTNERFOLIO_ALLOWED_HOSTS": "partnerfolio.example.org",
        "PARTNERFOLIO_DATA_DIR": str(tmp_path),
    }
    done = run(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout, done.stdout + done.stderr
    # an explicitly set key works as well
    done = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {**env, "PARTNERFOLIO_SECRET_KEY": secrets.token_urlsafe(50)},
        tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_production_mode_the_checks_warn(tmp_path):
    done = run(["check", "--deploy"], {"PARTNERFOLIO_DATA_DIR": str(tmp_path)}, tmp_path)
    assert "SECURE_SSL_REDIRECT" in done.stdout + done.stderr


def test_production_settings(tmp_path):
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.PARTNERFOLIO_SESSION_IDLE_MINUTES,"
        " s.PARTNERFOLIO_SESSION_MAX_HOURS, s.PARTNERFOLIO_REQUIRE_2FA, s.EMAIL_BACKEND,"
        " s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PARTNERFOLIO_", "EMAIL_", "DATABASE_URL"))
    }
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "partnerfolio.config.settings",
        "PARTNERFOLIO_DATA_DIR": str(tmp_path),
        "PARTNERFOLIO_PRODUCTION": "yes",
        "PARTNERFOLIO_SESSION_IDLE_MINUTES": "10",
        "PARTNERFOLIO_SESSION_MAX_HOURS": "8",
        "PARTNERFOLIO_REQUIRE_2FA": "true",
        "PARTNERFOLIO_EMAIL_URL": "smtp+tls://mailer:s%40cret@mail.example.org",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "10",
        "8",
        "True",
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "True",
    ]


def test_the_generated_secret_key_is_readable_by_its_owner_only(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "assert len(str(settings.SECRET_KEY)) >= 50"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("PARTNERFOLIO_", "DATABASE_URL"))
    }
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "partnerfolio.config.settings",
        "PARTNERFOLIO_DATA_DIR": str(tmp_path / "var"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    key = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_text()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert key.read_text() == first  # kept, not generated again


def test_no_secret_is_kept_in_the_repository():
    root = Path(__file__).resolve().parents[2]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [p for p in tracked if p.endswith("secret_key") or p.startswith("var/")]
