"""The one settings module. Every variable is documented in docs/reference/settings.md and
.env.example. Defaults give the embedded demo set-up (SQLite, console e-mail, development mode
without Django's technical error pages)."""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from skolekvalitet.site.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent  # the repository checkout
DATA_DIR = Path(env_str("SKOLEKVALITET_DATA_DIR", str(BASE_DIR / "var")))

# DEBUG=false is production (docs/how-to/production.md). Unset or true gives the embedded
# development and demo set-up: http on 127.0.0.1, a development key, demo accounts, the admin.
DEVELOPMENT = env_bool("DEBUG", True)
# Django's technical pages (a 404 listing every address, a 500 with a traceback) only when asked
# for in development (DEBUG_PAGES=true); otherwise the friendly 400/403/404/500 pages.
DEBUG = DEVELOPMENT and env_bool("DEBUG_PAGES", False)
_DEV_SECRET = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
if not DEVELOPMENT and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
# Earlier keys, still accepted while sessions, links and sealed secrets move to the new one.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEVELOPMENT else "*")
SITE_ROOT = env_str("SITE_ROOT", "http://127.0.0.1:8000")
# Demo accounts (password "demo") must never exist in production; see organisations/checks.py.
ALLOW_DEMO_ACCOUNTS = env_bool("ALLOW_DEMO_ACCOUNTS", DEVELOPMENT)

INSTALLED_APPS = [
    "skolekvalitet.site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
    "skolekvalitet.organisations",
    "skolekvalitet.audit",
    "skolekvalitet.knowledge",
    "skolekvalitet.analysis",
    "skolekvalitet.plans",
    "skolekvalitet.surveys",
    "skolekvalitet.dialogues",
    "skolekvalitet.reporting",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "skolekvalitet.identity",
    "django_tasks_db",
    "skolekvalitet.ops",
    "skolekvalitet.today",
    "ninja",  # the open API's documentation page (its Swagger UI files, served locally)
    "skolekvalitet.api",
    "skolekvalitet.notifications",
    "skolekvalitet.demo",  # the `demo` command; above every product app (see pyproject.toml)
]
# Background tasks: a queue in the database, run by `skolekvalitet worker` (`serve` starts one).
# TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs them in-process instead.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# /healthz answers 503 when a queued task has waited longer than this (no worker running?).
HEALTHZ_QUEUE_MAX_WAIT = env_int("HEALTHZ_QUEUE_MAX_WAIT", 300)
# The open API: calls per minute for each token (then 429 with Retry-After; api/tokens.py).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)

MIDDLEWARE = [
    "skolekvalitet.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "skolekvalitet.identity.twofactor.TwoFactorMiddleware",
    "skolekvalitet.organisations.middleware.OwnerLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "skolekvalitet.organisations.security.NoStoreMiddleware",
    "skolekvalitet.ops.errors.MethodNotAllowedPage",
]

ROOT_URLCONF = "skolekvalitet.site.urls"
WSGI_APPLICATION = "skolekvalitet.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skolekvalitet.organisations.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "skolekvalitet.site.forms.DesignsystemetRenderer"

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'skolekvalitet.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several people at once on the embedded database: readers never wait for a writer (WAL),
    # a writer takes its lock at the start of a transaction and waits its turn instead of
    # failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "skolekvalitet.identity.backends.PasswordBackend",  # ModelBackend + the owner's password choice
    "skolekvalitet.identity.backends.OwnerOIDCBackend",  # each owner's OpenID Connect provider
]
# Single sign-on (identity app): seconds to wait for a provider; plain http only for local tests.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_ALLOW_HTTP = env_bool("OIDC_ALLOW_HTTP", False)
OTP_TOTP_ISSUER = "Skolekvalitet"
# After n wrong two-factor codes in a row, the next try waits this × 2^(n-1) seconds (django-otp's
# throttling, stored on each device, so a new log-in does not reset it).
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = env_int("TWO_FACTOR_THROTTLE_FACTOR", 1)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)  # also invitations

# Sessions expire after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login rate limiting (django-axes): lock a username+IP after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lock-out are not counted: the lock ends AXES_COOLOFF_TIME after the failure
# that started it, so nobody keeps an account locked by trying again every few minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"  # the login form field (our USERNAME_FIELD is email)
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (organisations/security.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "skolekvalitet.organisations.security.client_ip"
AXES_USERNAME_CALLABLE = "skolekvalitet.organisations.security.login_username"
# Provider (OIDC) log-ins are counted per account by the identity app, not locked per address.
AXES_WHITELIST_CALLABLE = "skolekvalitet.identity.backends.axes_skips"
# Django's admin site is for developers: off in production unless asked for.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", DEVELOPMENT)

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
# A browser asking for plain Norwegian ("no", "no-NO") gets Bokmål, not its next language.
LANG_INFO["no"]["fallback"] = ["nb"]
LANG_INFO["no-no"] = {**LANG_INFO["no"], "code": "no-no"}
# Day before month in English too (site/formats/en); numbers: documents/present.py.
FORMAT_MODULE_PATH = ["skolekvalitet.site.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# whitenoise serves static files: in development straight from the apps' folders (no
# collectstatic), in production the hashed, compressed copies in STATIC_ROOT.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEVELOPMENT
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Generated reports and import uploads go through Django's storage API: a local folder by
# default, S3-compatible object storage with STORAGE=s3 (django-storages; how-to/production.md).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "files")))
# Rendered parts of pages, keyed by the publication or analysis they show (the overview, the
# explorer, the data sheet, the report's drafts): kept in a folder, so all the server's worker
# processes share one copy; with several app servers, a folder they share (`CACHE_DIR`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", str(DATA_DIR / "cache")),
        "TIMEOUT": 86400,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
_S3_OPTIONS = {
    "bucket_name": env_str("S3_BUCKET", ""),
    "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
    "region_name": env_str("S3_REGION", "") or None,
    "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
    "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
    "location": env_str("S3_PREFIX", ""),
    "default_acl": "private",
    "querystring_auth": True,
    "file_overwrite": True,
}
_STORAGE = env_str("STORAGE", "local")
if _STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured("STORAGE must be 'local' or 's3'.")
if _STORAGE == "s3" and not _S3_OPTIONS["bucket_name"]:
    raise ImproperlyConfigured("Set S3_BUCKET when STORAGE=s3.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if _STORAGE == "local"
    else {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Skolekvalitet <noreply@skolekvalitet.invalid>")

# Security headers. A strict CSP: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Logs go to standard error: JSON lines with request id, person and owner (LOG_FORMAT=json, the
# default in production; docs/reference/logging.md) or plain text.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEVELOPMENT else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "skolekvalitet.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
