"""Kopā settings: one module, driven by environment variables.

Safe defaults: DEBUG is off and a secret key is required unless DEBUG is on.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed key is harmless because DEBUG never runs in production.
    SECRET_KEY = "django-insecure-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.admin_site.KopaAdminConfig",  # django.contrib.admin, opening on the curators' desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_filters",
    "django_htmx",
    "csp",
    "template_partials",
    "portal",
    "accounts",
    "cooperation",
    "municipalities",
    "enterprises",
    "matching",
    "opendata",
    "stats",
    "opportunities",
    "followups",
    "alerts",
    "shortlists",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AdminMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# A past version is shown, never written back: reverting would skip the services that keep
# derived rows, versions and emails right (portal.admin.LabelledHistoryAdmin refuses it).
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.language_links",
                "accounts.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (busy timeout)
        # instead of failing with "database is locked" when a read transaction upgrades.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "600"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compiling pays off for long analytic queries, not for a portal's: the matching
    # query's estimated cost crosses jit_above_cost and compiling took 3 s of its 3.8 s.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache shared by all server processes: Redis when configured, else the database.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions are read from Redis and written through to the database, so every app server
    # sees them and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kopa_cache",
        }
    }

# Object permissions live in each app's rules.py (django-rules); allauth logs in by email.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Accounts (django-allauth) ---
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth shows the username by default ("signed in as ilze.berzina"), one nobody chose.
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Tell people when their password or email changes, so a hijacked account gets noticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Kopā: "
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"
# Counted in the shared cache (CACHES), so every server process sees the same attempts. Per-IP
# limits stay generous because a municipality's officers often share one office address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/m/ip,5/15m/key",  # key: the email address being tried
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,3/h/key",  # no more than 3 reset mails an hour to one address
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",  # resend the verification mail at most every 3 minutes
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # Kopā's own: proposals and messages email the other side, so nobody floods them.
    "cooperation_propose": "10/h/user,30/d/user",
    "cooperation_message": "60/h/user",
    "alert_save": "10/h/ip,3/h/key",  # each save mails a confirmation to the address
}
# Behind a reverse proxy every request comes from the proxy: count the proxies we run, so the
# per-IP limits see the visitor's address in X-Forwarded-For instead.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# Session and CSRF cookies travel only over HTTPS in production; development serves plain http.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14  # two weeks when "Remember me" is ticked
# Two-factor authentication: an authenticator app (TOTP) with recovery codes, for anyone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kopā"
# Administrators see everyone's data, so in production they may open the admin only once
# they have an authenticator app (accounts.middleware). Off in development, so that
# `make run`'s demo administrator logs in with just the password.
KOPA_REQUIRE_ADMIN_MFA = env_bool("DJANGO_REQUIRE_ADMIN_MFA", not DEBUG)
# --- end of accounts ---

# --- HTTPS, cookies and security headers (docs/security.md) ---
# Behind the reverse proxy every request arrives over plain http: the proxy says in
# X-Forwarded-Proto whether the visitor used https. It must overwrite whatever the visitor sent
# in that header, and the app must be reachable only through the proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The proxy and monitoring ask for /health/ over http on the loopback address.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Joining the browsers' preload list binds the whole domain and its subdomains to https for
# months and is slow to undo: the domain's owner decides it, so it is off unless they opt in.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# check --deploy warns (W021) whenever preload is off; that is the deliberate choice above.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so
# no inline <script>, on...= handler, <style> block or style="..." attribute in templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS 5.0 level 2 asks for at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Latvian first, English second; URLs carry the language prefix.
LANGUAGE_CODE = "lv"
LANGUAGES = [("lv", _("Latvian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Riga"
USE_TZ = True
# Dates as Europe writes them: Latvian 06.12.2026., English 6 December 2026 and 06/12/2026
# (Django's "en" is American, month first). Only what differs from Django's formats is there.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kopā <noreply@kopa.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Who runs this portal and so controls its personal data (GDPR Art. 4(7)), for the privacy
# page. Whoever deploys it sets their own name and an address that answers data requests.
KOPA_OPERATOR_NAME = os.environ.get("KOPA_OPERATOR_NAME", "") or _("Kopā portal operator")
KOPA_OPERATOR_EMAIL = os.environ.get("KOPA_OPERATOR_EMAIL", "")

# Logs go to stderr: one JSON object per line in production (portal/logs.py), plain text in
# development. Django's own loggers hand their records to the root logger's handler too.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonLogFormatter"},
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "text" if DEBUG else "json"}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
}
