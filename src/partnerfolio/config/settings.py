"""Partnerfolio's one settings module, read from the environment.

SQLite under the data directory by default; PostgreSQL (or another database Django
supports) when DATABASE_URL says so. A malformed value stops start-up with a message
naming the variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


# Where the embedded database and generated secrets live: var/ under the working directory.
DATA_DIR = Path(os.environ.get("PARTNERFOLIO_DATA_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    """PARTNERFOLIO_SECRET_KEY, or a key generated once and kept in DATA_DIR (owner-only)."""
    configured = os.environ.get("PARTNERFOLIO_SECRET_KEY")
    if configured:
        return configured
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text("utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


# Evaluated on first use, so commands that need no secret (assess) leave no files behind.
SECRET_KEY = lazy(_secret_key, str)()
DEBUG = env_bool("PARTNERFOLIO_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("PARTNERFOLIO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "partnerfolio.web",
    "partnerfolio.accounts",
    "partnerfolio.partners",
    "partnerfolio.partnerships",
    "partnerfolio.evidence",
    "partnerfolio.metrics",
    "partnerfolio.audit",
    "partnerfolio.api",
    "partnerfolio.portal",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partnerfolio.web.middleware.HtmxSignInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partnerfolio.web.middleware.OurSideOnlyMiddleware",
]

ROOT_URLCONF = "partnerfolio.config.urls"
WSGI_APPLICATION = "partnerfolio.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        try:
            config = dj_database_url.parse(
                url, conn_max_age=env_int("PARTNERFOLIO_DB_CONN_MAX_AGE", 60)
            )
        except ValueError as error:
            raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
        return {"default": config}
    return {
        "default": {
            "ENGINE": "partnerfolio.config.sqlite",  # Django's, creating var/ when first used
            "NAME": DATA_DIR / "partnerfolio.sqlite3",
            "OPTIONS": {
                # Writers queue behind each other instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("PARTNERFOLIO_SQLITE_TIMEOUT", 20),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    # OWASP ASVS: length over composition rules, and no commonly used passwords.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("PARTNERFOLIO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Once `partnerfolio collectstatic` has run (`make run` does), compressed files with
    # content-hashed names that whitenoise serves with far-future caching; before that,
    # and in tests, the files as the apps hold them.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if (STATIC_ROOT / "staticfiles.json").exists()
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The framework's playbook: a TOML file overriding the shipped defaults (docs/playbook.md).
PARTNERFOLIO_PLAYBOOK = os.environ.get("PARTNERFOLIO_PLAYBOOK") or None
