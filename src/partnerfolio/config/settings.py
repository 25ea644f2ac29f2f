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
from urllib.parse import unquote, urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

from partnerfolio.config import environment as env
from partnerfolio.config import services
from partnerfolio.config.private import (
    DATABASE_FILE,
    SECRET_KEY_FILE,
    private_directory,
    private_file,
    private_new_file,
)

# Where the embedded database and generated secrets live: var/ under the working directory.
# Its owner's alone: the directory 0700, every file Partnerfolio keeps in it 0600
# (`partnerfolio.config.private`, docs/security.md).
DATA_DIR = Path(env.text("PARTNERFOLIO_DATA_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    """PARTNERFOLIO_SECRET_KEY, or a key generated once and kept in DATA_DIR (owner-only)."""
    configured = env.text("PARTNERFOLIO_SECRET_KEY")
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
DEBUG = env.flag("PARTNERFOLIO_DEBUG", False)
ALLOWED_HOSTS = env.names("PARTNERFOLIO_ALLOWED_HOSTS", ("127.0.0.1", "localhost"))

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
    # Single sign-on (docs/sso.md): allauth's OpenID Connect provider only; its account
    # pages are not routed (partnerfolio.accounts.urls routes the provider's two views).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
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
    "partnerfolio.operations",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "partnerfolio.operations.logs.RequestLog",  # a request id, and one log line a request
    "django.middleware.security.SecurityMiddleware",
    "partnerfolio.web.head.HeadAsGetMiddleware",  # HEAD wherever GET, through every check
    "csp.middleware.CSPMiddleware",
    # inside django-csp's: lets the sign-out form lead to the provider's end-session page
    "partnerfolio.accounts.sign_out.SignOutMayLeave",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",  # allauth requires it
    "partnerfolio.operations.logs.IdentifyUser",
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


DATABASES = services.databases(
    env.text("DATABASE_URL"),
    sqlite_file=DATA_DIR / DATABASE_FILE,
    conn_max_age=env.whole("PARTNERFOLIO_DB_CONN_MAX_AGE", 60),
    sqlite_timeout=env.whole("PARTNERFOLIO_SQLITE_TIMEOUT", 20),
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A team installation (a database server shared by several application servers) signs
# sessions, invitation links and password resets with one key every server must share:
# there, the key is never generated, and the server refuses to start without it.
TEAM_DATABASE = "sqlite" not in DATABASES["default"]["ENGINE"]
if TEAM_DATABASE and not env.text("PARTNERFOLIO_SECRET_KEY"):
    raise ImproperlyConfigured(
        "PARTNERFOLIO_SECRET_KEY must be set when DATABASE_URL names a database server: every "
        "application server must sign sessions and links with the same key. Generate one "
        "with `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'` and give it to "
        "every server and worker (docs/deploy.md)."
    )

# Where people reach the application: the links in emails, invitations and webhook events.
PARTNERFOLIO_BASE_URL = env.address(
    "PARTNERFOLIO_BASE_URL", "http://127.0.0.1:8000", ("http", "https")
).rstrip("/")

# Redis (docs/deploy.md): with PARTNERFOLIO_REDIS_URL, the cache every application server
# shares (kept API answers, tokens found, rendered charts, API throttles) and the task
# queue's broker; without it, each process's own memory and the queue in DATA_DIR.
PARTNERFOLIO_REDIS_URL = env.address("PARTNERFOLIO_REDIS_URL", "", ("redis", "rediss", "unix"))
# Without Redis, each process's memory, bounded in entries (partnerfolio.config.services).
CACHES = services.caches(
    PARTNERFOLIO_REDIS_URL, entries=env.whole("PARTNERFOLIO_CACHE_ENTRIES", 1000, minimum=10)
)

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
TIME_ZONE = env.text("PARTNERFOLIO_TIME_ZONE", "UTC")
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
PARTNERFOLIO_SESSION_IDLE_MINUTES = env.whole("PARTNERFOLIO_SESSION_IDLE_MINUTES", 30)
PARTNERFOLIO_SESSION_MAX_HOURS = env.whole("PARTNERFOLIO_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = PARTNERFOLIO_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor authentication: optional per person, or required of everyone.
PARTNERFOLIO_REQUIRE_2FA = env.flag("PARTNERFOLIO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Partnerfolio"

# Single sign-on with the company's identity provider over OpenID Connect (docs/sso.md),
# through django-allauth's provider; nothing of it shows while no issuer is set.
PARTNERFOLIO_OIDC_ISSUER = env.address("PARTNERFOLIO_OIDC_ISSUER", "", ("http", "https")).rstrip(
    "/"
)
PARTNERFOLIO_OIDC_CLIENT_ID = env.text("PARTNERFOLIO_OIDC_CLIENT_ID")
PARTNERFOLIO_OIDC_CLIENT_SECRET = env.raw("PARTNERFOLIO_OIDC_CLIENT_SECRET") or ""
PARTNERFOLIO_OIDC_NAME = env.text("PARTNERFOLIO_OIDC_NAME", "your company's sign-in")
PARTNERFOLIO_OIDC_EMAIL_CLAIM = env.text("PARTNERFOLIO_OIDC_EMAIL_CLAIM", "email")
PARTNERFOLIO_OIDC_GROUPS_CLAIM = env.text("PARTNERFOLIO_OIDC_GROUPS_CLAIM", "groups")
# group at the identity provider -> our role; the highest role of a person's groups wins
PARTNERFOLIO_OIDC_ROLE_GROUPS = env.pairs("PARTNERFOLIO_OIDC_ROLE_GROUPS")
# SSO-only mode (partnerfolio.accounts.sso_only): passwords refused but for the break-glass
# administrators named here (who must be active administrators); without it, the list does
# nothing.
PARTNERFOLIO_SSO_ONLY = env.flag("PARTNERFOLIO_SSO_ONLY", False)
PARTNERFOLIO_SSO_BREAK_GLASS = env.names("PARTNERFOLIO_SSO_BREAK_GLASS")
# Single sign-on over SAML 2.0 (docs/sso.md), through allauth's saml provider (OneLogin's
# python3-saml); nothing of it shows while no metadata URL is set. Our entity id is
# PARTNERFOLIO_BASE_URL's (partnerfolio.accounts.saml).
PARTNERFOLIO_SAML_METADATA_URL = env.address(
    "PARTNERFOLIO_SAML_METADATA_URL", "", ("http", "https")
)
PARTNERFOLIO_SAML_NAME = env.text("PARTNERFOLIO_SAML_NAME", "your company's sign-in")
PARTNERFOLIO_SAML_EMAIL_ATTRIBUTE = env.text("PARTNERFOLIO_SAML_EMAIL_ATTRIBUTE", "email")
PARTNERFOLIO_SAML_GROUPS_ATTRIBUTE = env.text("PARTNERFOLIO_SAML_GROUPS_ATTRIBUTE", "groups")
PARTNERFOLIO_SAML_ROLE_GROUPS = env.pairs("PARTNERFOLIO_SAML_ROLE_GROUPS")
# the operator's word that the provider sends only addresses the company verified: only then
# does a first SAML sign-in join an existing account by its e-mail address
PARTNERFOLIO_SAML_EMAIL_VERIFIED = env.flag("PARTNERFOLIO_SAML_EMAIL_VERIFIED", False)
services.check_single_sign_on(
    issuer=PARTNERFOLIO_OIDC_ISSUER,
    client_id=PARTNERFOLIO_OIDC_CLIENT_ID,
    client_secret=PARTNERFOLIO_OIDC_CLIENT_SECRET,
    role_groups=PARTNERFOLIO_OIDC_ROLE_GROUPS,
    sso_only=PARTNERFOLIO_SSO_ONLY,
    saml_metadata_url=PARTNERFOLIO_SAML_METADATA_URL,
    saml_role_groups=PARTNERFOLIO_SAML_ROLE_GROUPS,
)
SOCIALACCOUNT_ADAPTER = "partnerfolio.accounts.sso.SingleSignOn"
# The app itself is built from the variables above (`SingleSignOn.list_apps`); this swaps
# in our provider, which sends a nonce and checks every ID token's signature.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"provider_class": "partnerfolio.accounts.oidc.OpenIDConnectProvider"},
    # records each assertion it accepts, refusing it if it comes again (replay)
    "saml": {"provider_class": "partnerfolio.accounts.saml.SAMLProvider"},
}
SOCIALACCOUNT_ONLY = True  # allauth signs in with a provider; passwords stay ours
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by e-mail is ours, and verified only
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button posts, with its CSRF token
ACCOUNT_EMAIL_VERIFICATION = "none"

# The API keeps rendered list answers in the cache while the data revision stands
# (partnerfolio.api.answers); an answer over PARTNERFOLIO_API_CACHE_KB is not kept, and 0
# turns keeping off. With PARTNERFOLIO_CACHE_ENTRIES, this bounds the cache on one machine.
PARTNERFOLIO_API_CACHE_KB = env.whole("PARTNERFOLIO_API_CACHE_KB", 512)

# Invitations by email link, valid this many days.
PARTNERFOLIO_INVITATION_DAYS = env.whole("PARTNERFOLIO_INVITATION_DAYS", 7)

# Throttling sign-in (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair (and only that pair) waits the cool-off out.
AXES_FAILURE_LIMIT = env.whole("PARTNERFOLIO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.whole("PARTNERFOLIO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partnerfolio.accounts.views.locked_out"
# Behind PARTNERFOLIO_PROXY_COUNT proxies of ours (nginx: 1), the address the outermost saw
# (partnerfolio.operations.clients); the API's throttles count the same one.
PARTNERFOLIO_PROXY_COUNT = env.whole("PARTNERFOLIO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "partnerfolio.operations.clients.client_address"
AXES_VERBOSE = False

# Email: printed to the console unless an SMTP server is configured (docs/security.md).
_email_url = env.address("PARTNERFOLIO_EMAIL_URL", "", ("smtp", "smtp+tls", "smtps"))
if _email_url:
    _email = urlsplit(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or {"smtps": 465, "smtp+tls": 587}.get(_email.scheme, 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
elif env.text("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.text("EMAIL_HOST")
    EMAIL_PORT = env.whole("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.raw("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env.flag("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.text("PARTNERFOLIO_EMAIL_FROM", "partnerfolio@localhost")

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
PRODUCTION = env.flag("PARTNERFOLIO_PRODUCTION", False)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # a health check may ask in plain HTTP
SECURE_HSTS_SECONDS = env.whole("PARTNERFOLIO_HSTS_SECONDS", 31_536_000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION and env.flag(
    "PARTNERFOLIO_HSTS_INCLUDE_SUBDOMAINS", True
)
SECURE_HSTS_PRELOAD = PRODUCTION and env.flag("PARTNERFOLIO_HSTS_PRELOAD", True)
if env.flag("PARTNERFOLIO_TRUST_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.names("PARTNERFOLIO_CSRF_TRUSTED_ORIGINS")

# Logs (partnerfolio.operations.logs): one JSON object a line, for every request and every
# error, on standard output for the servers; PARTNERFOLIO_LOG_LEVEL sets how much.
PARTNERFOLIO_LOG_LEVEL = env.text("PARTNERFOLIO_LOG_LEVEL", "INFO").upper()
if PARTNERFOLIO_LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"PARTNERFOLIO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, "
        f"got {PARTNERFOLIO_LOG_LEVEL!r}"
    )
LOGGING = services.logging(PARTNERFOLIO_LOG_LEVEL)


# The framework's playbook: a TOML file overriding the shipped defaults (docs/playbook.md).
PARTNERFOLIO_PLAYBOOK = env.text("PARTNERFOLIO_PLAYBOOK") or None

# Alerts and webhooks (docs/alerts.md).
PARTNERFOLIO_ALERT_REVIEW_DAYS = env.whole("PARTNERFOLIO_ALERT_REVIEW_DAYS", 14)
PARTNERFOLIO_ALERT_AGREEMENT_DAYS = env.whole("PARTNERFOLIO_ALERT_AGREEMENT_DAYS", 60)
PARTNERFOLIO_ALERT_HOUR = env.whole("PARTNERFOLIO_ALERT_HOUR", 7, maximum=23)
PARTNERFOLIO_WEBHOOK_ATTEMPTS = env.whole("PARTNERFOLIO_WEBHOOK_ATTEMPTS", 6, minimum=1)
PARTNERFOLIO_WEBHOOK_BACKOFF = env.decimal("PARTNERFOLIO_WEBHOOK_BACKOFF", 30.0)
PARTNERFOLIO_WEBHOOK_TIMEOUT = env.decimal("PARTNERFOLIO_WEBHOOK_TIMEOUT", 10.0, minimum=0.1)
PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS = env.names("PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS")

# Spreadsheet imports (docs/spreadsheets.md).
PARTNERFOLIO_SPREADSHEET_MAX_BYTES = env.whole(
    "PARTNERFOLIO_SPREADSHEET_MAX_BYTES", 20 * 1024 * 1024, minimum=1
)
PARTNERFOLIO_SPREADSHEET_MAX_ROWS = env.whole(
    "PARTNERFOLIO_SPREADSHEET_MAX_ROWS", 30_000, minimum=1
)
PARTNERFOLIO_SPREADSHEET_MAX_CELLS = env.whole(
    "PARTNERFOLIO_SPREADSHEET_MAX_CELLS", 3_000_000, minimum=1
)
PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS = env.whole(
    "PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS", 2_000, minimum=1
)
# Exports of more partnerships go to the worker (docs/spreadsheets.md, "Large exports").
PARTNERFOLIO_EXPORT_INLINE_ROWS = env.whole("PARTNERFOLIO_EXPORT_INLINE_ROWS", 5_000, minimum=1)
PARTNERFOLIO_IMPORT_WORKER_GRACE = env.whole("PARTNERFOLIO_IMPORT_WORKER_GRACE", 120, minimum=1)


# API request budgets (docs/api.md, "Limits"), counted in the default cache by Ninja's
# throttles (partnerfolio.api.throttles): per person, whatever token or session they use,
# and per client address for requests without valid credentials. A rate is "N/period"
# (s, min, h or day, with an optional multiple: "100/5min"); "off" turns that budget off
# (stored as None); empty means the default. The address is read from X-Forwarded-For
# only behind PARTNERFOLIO_PROXY_COUNT proxies (Ninja's NINJA_NUM_PROXIES).
PARTNERFOLIO_API_RATE_TOKEN = env.rate("PARTNERFOLIO_API_RATE_TOKEN", "600/min")
PARTNERFOLIO_API_RATE_ADDRESS = env.rate("PARTNERFOLIO_API_RATE_ADDRESS", "120/min")
NINJA_NUM_PROXIES = PARTNERFOLIO_PROXY_COUNT

# Webhook secret rotation (docs/alerts.md): after `partnerfolio webhook rotate`, the
# replaced secret still signs every delivery for this many hours (0: not at all), unless
# the rotation is finished sooner (`webhook rotate ID --finish`).
PARTNERFOLIO_WEBHOOK_ROTATION_HOURS = env.whole("PARTNERFOLIO_WEBHOOK_ROTATION_HOURS", 24)


# The task queue (docs/alerts.md, "The worker and the queue"): Huey's Django integration,
# huey.contrib.djhuey, builds it from this dict. With PARTNERFOLIO_REDIS_URL, Redis, shared
# by every server's worker; without it, SQLite in DATA_DIR, created on first use and
# owner-only (partnerfolio.notifications.queue). Schedules in local time. Never immediate
# here (djhuey would follow DEBUG): the tests switch it on themselves. `partnerfolio
# worker` runs its consumer (its options, or a "consumer" dict here, as for run_huey).
HUEY = services.task_queue(PARTNERFOLIO_REDIS_URL, DATA_DIR)
