"""Partnerfolio's one settings module, read from the environment.

SQLite under the data directory by default; PostgreSQL (or another database Django
supports) when DATABASE_URL says so. A malformed value stops start-up with a message
naming the variable.
"""

from __future__ import annotations

import functools
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

from partnerfolio.config.private import (
    DATABASE_FILE,
    SECRET_KEY_FILE,
    private_directory,
    private_file,
    private_new_file,
)


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
# Its owner's alone: the directory 0700, every file Partnerfolio keeps in it 0600
# (`partnerfolio.config.private`, docs/security.md).
DATA_DIR = Path(os.environ.get("PARTNERFOLIO_DATA_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    """PARTNERFOLIO_SECRET_KEY, or a key generated once and kept in DATA_DIR (owner-only)."""
    configured = os.environ.get("PARTNERFOLIO_SECRET_KEY")
    if configured:
        return configured
    path = DATA_DIR / SECRET_KEY_FILE
    if path.exists():
        private_directory(DATA_DIR)  # an installation from before: tightened
        private_file(path)
        return path.read_text("utf-8").strip()
    key = secrets.token_urlsafe(50)
    descriptor = private_new_file(path)  # the data directory 0700, the key 0600
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


# Evaluated on first use, so commands that need no secret (assess) leave no files behind.
SECRET_KEY = lazy(functools.cache(_secret_key), str)()  # read once, on first use
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
    "ninja",  # its docs page, served from here (the CSP allows no CDN)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "partnerfolio.web",
    "partnerfolio.accounts",
    "partnerfolio.partners",
    "partnerfolio.partnerships",
    "partnerfolio.evidence",
    "partnerfolio.metrics",
    "partnerfolio.audit",
    "partnerfolio.api",
    "partnerfolio.portal",
    "partnerfolio.spreadsheets",
    "partnerfolio.reports",
    "partnerfolio.notifications",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnerfolio.web.head.HeadAsGetMiddleware",  # HEAD wherever GET, through every check
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partnerfolio.web.middleware.HtmxSignInMiddleware",
    "partnerfolio.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "partnerfolio.accounts.middleware.TwoFactorMiddleware",
    "partnerfolio.web.middleware.OurSideOnlyMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a sign-in while its username and address are locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "partnerfolio.config.urls"
# A request's body, file uploads apart: the §8 document's limit (docs/api.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
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
                "partnerfolio.web.context.navigation",
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
            # Keep a connection between requests: opening one and setting it up costs ~1 ms.
            "CONN_MAX_AGE": env_int("PARTNERFOLIO_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "NAME": DATA_DIR / DATABASE_FILE,
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
    {"NAME": "partnerfolio.accounts.passwords.UsernameRepeatedValidator"},
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
LOGIN_REDIRECT_URL = "portal:start"  # partner users to the portal, everyone else to "/"
LOGOUT_REDIRECT_URL = "login"

# Sessions (docs/security.md): a session ends after PARTNERFOLIO_SESSION_IDLE_MINUTES without a
# request, and PARTNERFOLIO_SESSION_MAX_HOURS after signing in whatever happens
# (partnerfolio.accounts.middleware.SessionLimitsMiddleware).
PARTNERFOLIO_SESSION_IDLE_MINUTES = env_int("PARTNERFOLIO_SESSION_IDLE_MINUTES", 30)
PARTNERFOLIO_SESSION_MAX_HOURS = env_int("PARTNERFOLIO_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = PARTNERFOLIO_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor authentication: optional per person, or required of everyone.
PARTNERFOLIO_REQUIRE_2FA = env_bool("PARTNERFOLIO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Partnerfolio"

# The API keeps rendered list answers in each server process, while the data revision
# stands (partnerfolio.api.answers); 0 turns it off.
PARTNERFOLIO_API_CACHE_MB = env_int("PARTNERFOLIO_API_CACHE_MB", 32)

# Invitations by email link, valid this many days.
PARTNERFOLIO_INVITATION_DAYS = env_int("PARTNERFOLIO_INVITATION_DAYS", 7)

# Throttling sign-in (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair (and only that pair) waits the cool-off out.
AXES_FAILURE_LIMIT = env_int("PARTNERFOLIO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PARTNERFOLIO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partnerfolio.accounts.views.locked_out"
AXES_IPWARE_PROXY_COUNT = env_int("PARTNERFOLIO_PROXY_COUNT", 0) or None
AXES_VERBOSE = False

# Email: printed to the console unless an SMTP server is configured (docs/security.md).
_email_url = os.environ.get("PARTNERFOLIO_EMAIL_URL", "")
if _email_url:
    _email = urlsplit(_email_url)
    if _email.scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ImproperlyConfigured(
            f"PARTNERFOLIO_EMAIL_URL must start with smtp://, smtp+tls:// or smtps://, "
            f"got {_email_url!r}"
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or {"smtps": 465, "smtp+tls": 587}.get(_email.scheme, 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("PARTNERFOLIO_EMAIL_FROM", "partnerfolio@localhost")

# Headers. The Content Security Policy allows nothing but this site's own files: no inline
# script or style (htmx's indicator style is switched off in base.html), no framing.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production (PARTNERFOLIO_PRODUCTION=true): served over HTTPS only, cookies never sent in
# clear, browsers told to keep to HTTPS (HSTS). Behind a proxy that ends TLS, set
# PARTNERFOLIO_TRUST_PROXY_HTTPS=true so the X-Forwarded-Proto header it sets is believed.
PRODUCTION = env_bool("PARTNERFOLIO_PRODUCTION", False)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_HSTS_SECONDS = env_int("PARTNERFOLIO_HSTS_SECONDS", 31_536_000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION and env_bool(
    "PARTNERFOLIO_HSTS_INCLUDE_SUBDOMAINS", True
)
SECURE_HSTS_PRELOAD = PRODUCTION and env_bool("PARTNERFOLIO_HSTS_PRELOAD", True)
if env_bool("PARTNERFOLIO_TRUST_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("PARTNERFOLIO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# The framework's playbook: a TOML file overriding the shipped defaults (docs/playbook.md).
PARTNERFOLIO_PLAYBOOK = os.environ.get("PARTNERFOLIO_PLAYBOOK") or None
