"""Gongkai settings: everything comes from the environment, with safe development defaults.

Variables (documented in README "Configuration"):
    GONGKAI_DEBUG   "1"/"true" turns on debug; default off.
    SECRET_KEY      required when debug is off.
    ALLOWED_HOSTS   comma-separated; required when debug is off.
    DATABASE_URL    default: SQLite under var/.
    REDIS_URL       optional: shared cache and rate-limit counters; unreachable, it degrades (misses, local counts).
    GONGKAI_AUDIT_KEY   the audit chain's HMAC key; required when debug is off (never in the database).
    DATABASE_REPLICA_URLS   optional, comma-separated: PostgreSQL read replicas for anonymous reading pages.
Optional site identity: GONGKAI_SITE_NAME, GONGKAI_SITE_ID_CODE, GONGKAI_ICP, GONGKAI_PSB_RECORD.
"""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


DEBUG = env_bool("GONGKAI_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when GONGKAI_DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when GONGKAI_DEBUG is off.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The audit chain's HMAC key (see gongkai/core/audit.py). It lives only in the environment, never in the
# database, so whoever can rewrite the audit table cannot recompute its hashes. Retired keys stay listed in
# GONGKAI_AUDIT_OLD_KEYS (comma-separated) so the records they signed still verify.
GONGKAI_AUDIT_KEY = os.environ.get("GONGKAI_AUDIT_KEY", "")
if not GONGKAI_AUDIT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("GONGKAI_AUDIT_KEY must be set when GONGKAI_DEBUG is off.")
    GONGKAI_AUDIT_KEY = "development-only-audit-key-not-for-production"
GONGKAI_AUDIT_OLD_KEYS = env_list("GONGKAI_AUDIT_OLD_KEYS")
# `gongkai anchor_audit` appends the chain head here (append-only, outside the database) and mails it to
# GONGKAI_AUDIT_ANCHOR_EMAIL (comma-separated; default: the root organization's openness office accounts).
GONGKAI_AUDIT_ANCHOR_FILE = Path(os.environ.get("GONGKAI_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.jsonl"))
GONGKAI_AUDIT_ANCHOR_EMAIL = env_list("GONGKAI_AUDIT_ANCHOR_EMAIL")

INSTALLED_APPS = [
    "gongkai.core.apps.GongkaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "pgtrigger",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
    "gongkai.core",
    "gongkai.sites",
    "gongkai.publishing",
    "gongkai.foi",
    "gongkai.reports",
    "gongkai.interaction",
    "gongkai.search",
    "gongkai.policy",
    "gongkai.gazette",
    "gongkai.participation",
    "gongkai.supervision",
    "gongkai.registers",
    "gongkai.spotchecks",
    "gongkai.datasets",
    "gongkai.guides",
    "gongkai.newmedia",
    "gongkai.visits",
    "gongkai.scans",
    "gongkai.inspection",
    "gongkai.webreports",
    "gongkai.workspace",
    "gongkai.site",
    "django.contrib.sitemaps",
    # Operations (issue 19): Prometheus metrics, see gongkai/core/metrics.py.
    "django_prometheus",
]

MIDDLEWARE = [
    # --- operations (issue 19) ---
    # /healthz, /readyz and /metrics are answered first: on any host name (a load balancer probes by
    # address), without HTTPS redirect, session, CSRF, site lookup, audit or metrics of their own.
    "gongkai.core.ops.OperationsEndpointsMiddleware",
    # Request latency by view and responses by status (django-prometheus; its After middleware is last).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id (X-Request-ID) and client IP for every log line and audit record, set before any other
    # middleware may log.
    "gongkai.core.middleware.RequestContextMiddleware",
    # --- end operations ---
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files (when nginx is not in front) after the security headers, so they carry them too: an SVG is a
    # document a browser may run script in.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reading pages: Cache-Control public with ETag/Last-Modified, 304 before the view (issue 19). Outside the
    # session, CSRF and messages middleware, so it sees the cookies and Vary they add (never shared then).
    "gongkai.site.http_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.site: the portal the host name belongs to (集约化: one platform, a site per government).
    "gongkai.sites.middleware.CurrentSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: request.user.is_verified() says whether the second step was passed.
    "django_otp.middleware.OTPMiddleware",
    # Scale-out (issue 19): with read replicas configured, anonymous GETs read a replica (gongkai/core/db_router.py);
    # without them it does nothing.
    "gongkai.core.db_router.ReplicaReadsMiddleware",
    # Control characters in URLs are refused and removed from form fields before any view (or the CSRF
    # check) reads them; the API's JSON bodies are checked by its parser.
    "gongkai.core.middleware.InputCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A database restart or failover answers 503 with Retry-After (pages; the API has its own handler).
    "gongkai.core.middleware.DatabaseUnavailableMiddleware",
    # AxesMiddleware last, as its documentation asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # operations (issue 19): last
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

# One form renderer for the whole site: every select's blank choice reads 请选择, never "---------" (core/forms.py).
FORM_RENDERER = "gongkai.core.forms.PlainChineseFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide overrides of third-party templates (the admin's), ahead of the apps' own.
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.site.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, default an embedded SQLite file under var/.
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers never interleave a
    # read-then-write (the audit hash chain depends on it); WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # The tests' database lives in memory (Django's default), named so: each pytest-xdist process then keeps
    # its own, where a file name would be given the process's suffix (django-prometheus's engine name below
    # does not say SQLite to pytest-django).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the pages' queries are short, and a plan over jit_above_cost paid ~30 ms compiling for a query
    # that runs in 16 (the policy API's count at 100,000 items; README, "Lists at 100,000 items").
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# --- operations (issue 19): database query counts and durations for Prometheus (django-prometheus wraps the
# stock backends; connection.vendor stays "postgresql"/"sqlite").
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
# --- end operations ---
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Scale-out (issue 19): PostgreSQL read replicas. DATABASE_REPLICA_URLS (comma-separated) adds the aliases
# replica1, replica2, …; public reading pages of visitors read from one of them, writes, staff and the writer's
# next requests (GONGKAI_READ_YOUR_WRITES_SECONDS) the primary. See gongkai/core/db_router.py. In tests each
# replica mirrors the default database (TEST MIRROR).
GONGKAI_REPLICA_ALIASES = []
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(
        _url, conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "0"))
    )
    if DATABASES[f"replica{_n}"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[f"replica{_n}"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}
    GONGKAI_REPLICA_ALIASES.append(f"replica{_n}")
GONGKAI_READ_YOUR_WRITES_SECONDS = int(os.environ.get("GONGKAI_READ_YOUR_WRITES_SECONDS", "10"))
if GONGKAI_REPLICA_ALIASES:
    DATABASE_ROUTERS = ["gongkai.core.db_router.ReplicaRouter"]
# --- end scale-out

# Cache: Redis when REDIS_URL is set (shared between app servers), else local memory. Redis unreachable
# degrades to cache misses, never to errors (gongkai.core.cache): a socket timeout of
# GONGKAI_REDIS_TIMEOUT seconds, then GONGKAI_REDIS_BREAKER_SECONDS without trying Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "gongkai.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("GONGKAI_REDIS_TIMEOUT", "0.2")),
                "socket_timeout": float(os.environ.get("GONGKAI_REDIS_TIMEOUT", "0.2")),
                "BREAKER_SECONDS": float(os.environ.get("GONGKAI_REDIS_BREAKER_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts: staff only (citizens need no account). Argon2 first.
AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# Staff land on their to-do list (the workspace), not on the admin's model index.
LOGIN_REDIRECT_URL = "workspace:home"

# Login lock-out (django-axes): 5 failures for one account lock that account for 30 minutes, from every
# address; failures are also counted per account and address. An address alone is never locked: behind a
# proxy one person's typos (or an attacker's guesses at one account) would lock every colleague out.
# Failed second-step codes (two-factor sign-in) count as failures of the account too.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username"], ["username", "ip_address"]]
# The failures are reset when the whole sign-in succeeds (after the second step, see core/otp.py), not
# when the password alone is right: otherwise a password holder could guess codes without end.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("GONGKAI_PROXY_COUNT", "0"))
AXES_VERBOSE = False

# Two-factor sign-in for staff (django-otp): TOTP authenticator apps, passkeys (django-otp-webauthn) and
# recovery codes. Required for the roles listed (comma-separated role values; "none" for none), optional
# for the others.
_required_roles = env_list("GONGKAI_2FA_REQUIRED_ROLES") or ["openness_office", "unit_admin"]
GONGKAI_2FA_REQUIRED_ROLES = [] if _required_roles == ["none"] else _required_roles
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_2FA_ISSUER", "政务公开平台")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys are a second factor only: no passwordless sign-in.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = os.environ.get("GONGKAI_2FA_ISSUER", "政务公开平台")
# The relying-party ID is the site's domain (GONGKAI_WEBAUTHN_RP_ID), or the request's host name.
OTP_WEBAUTHN_RP_ID = os.environ.get("GONGKAI_WEBAUTHN_RP_ID", "")
if not OTP_WEBAUTHN_RP_ID:
    OTP_WEBAUTHN_RP_ID_CALLABLE = "gongkai.core.otp.webauthn_rp_id"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("GONGKAI_WEBAUTHN_ORIGINS") or [
    *(f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith((".", "*", "["))),
    *(["http://localhost:8000"] if DEBUG else []),
]

# Staff sessions expire after 30 minutes without activity.
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("GONGKAI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# HTTP caching of the reading pages (gongkai/site/http_cache.py, gongkai/core/page_version.py): browsers keep a
# page GONGKAI_PAGE_MAX_AGE seconds (0: they revalidate every time, a 304 when nothing changed), nginx's cache
# GONGKAI_PAGE_SHARED_MAX_AGE seconds before it revalidates. The content version moves on at every change and
# renews itself GONGKAI_PAGE_RENEW_SECONDS after the last one (for what changes with the clock alone). Without
# REDIS_URL it lives in GONGKAI_PAGE_VERSION_FILE (one machine). GONGKAI_RELEASE (e.g. the commit) names the
# code in the ETags; by default a digest of the code and templates.
GONGKAI_PAGE_MAX_AGE = int(os.environ.get("GONGKAI_PAGE_MAX_AGE", "0"))
GONGKAI_PAGE_SHARED_MAX_AGE = int(os.environ.get("GONGKAI_PAGE_SHARED_MAX_AGE", "1"))
GONGKAI_PAGE_RENEW_SECONDS = int(os.environ.get("GONGKAI_PAGE_RENEW_SECONDS", "60"))
GONGKAI_PAGE_VERSION_FILE = Path(os.environ.get("GONGKAI_PAGE_VERSION_FILE", VAR_DIR / "page-version"))
GONGKAI_RELEASE = os.environ.get("GONGKAI_RELEASE", "")
# With read replicas: for this many seconds after a change, pages are sent private (a lagging replica could
# otherwise have old content cached under the new version). 0 without replicas.
GONGKAI_PAGE_SETTLE_SECONDS = float(os.environ.get("GONGKAI_PAGE_SETTLE_SECONDS", "0"))

# Language and time: Simplified Chinese, Beijing time.
LANGUAGE_CODE = "zh-hans"
FORMAT_MODULE_PATH = ["gongkai.formats"]  # ISO dates first: what <input type="date"> shows
LANGUAGES = [("zh-hans", _("简体中文"))]  # the public site and back office are Simplified Chinese
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT", VAR_DIR / "static"))
with contextlib.suppress(OSError):  # WhiteNoise serves it after `collectstatic`; quiet until then
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Behind nginx: the prefix of its `internal` location over MEDIA_ROOT (deploy/nginx/gongkai.conf), so public
# downloads (published attachments, gazette PDFs) are sent by nginx once the view has allowed them; "" streams
# them through the application.
GONGKAI_ACCEL_REDIRECT = os.environ.get("GONGKAI_ACCEL_REDIRECT", "")
WHITENOISE_USE_FINDERS = DEBUG

# Site identity shown in the footer and in page <meta> tags (WEB_GUIDE_2017).
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "临沂市人民政府")
GONGKAI_SITE_ID_CODE = os.environ.get("GONGKAI_SITE_ID_CODE", "3713000001")
GONGKAI_ICP = os.environ.get("GONGKAI_ICP", "鲁ICP备05002401号")
GONGKAI_PSB_RECORD = os.environ.get("GONGKAI_PSB_RECORD", "鲁公网安备 37130202000001号")


# Public writes without an account (gongkai/core/antiabuse.py): rate limits per address and per identity,
# "name=count/seconds" pairs overriding the defaults, e.g. GONGKAI_RATE_LIMITS="foi.address=20/3600".
def env_limits(name: str) -> dict[str, tuple[int, int]]:
    limits = {}
    for part in env_list(name):
        key, _sep, value = part.partition("=")
        count, _sep, seconds = value.partition("/")
        try:
            limits[key.strip()] = (int(count), int(seconds))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: expected name=count/seconds, got {part!r}") from exc
    return limits


GONGKAI_RATE_LIMITS = env_limits("GONGKAI_RATE_LIMITS")
GONGKAI_RATE_LIMITS_OFF = env_bool("GONGKAI_RATE_LIMITS_OFF")  # for fault drills and benchmarks only
# New-media feeds (gongkai/newmedia/feedreader.py): a feed address that resolves to a loopback, private,
# link-local, reserved or multicast address is refused, so staff cannot make the server read its own network
# (a metadata service, Redis on 127.0.0.1). True only where the feeds really are on an internal network.
GONGKAI_FEEDS_ALLOW_PRIVATE = env_bool("GONGKAI_FEEDS_ALLOW_PRIVATE")
# The archive scan's check of links to other sites (gongkai/scans/linkcheck.py): off on a closed network.
GONGKAI_SCAN_EXTERNAL_LINKS = env_bool("GONGKAI_SCAN_EXTERNAL_LINKS")
GONGKAI_SCAN_LINK_TIMEOUT = float(os.environ.get("GONGKAI_SCAN_LINK_TIMEOUT", "10"))
GONGKAI_SCAN_HOST_INTERVAL = float(os.environ.get("GONGKAI_SCAN_HOST_INTERVAL", "1"))
GONGKAI_SCAN_LINK_LIMIT = int(os.environ.get("GONGKAI_SCAN_LINK_LIMIT", "500"))
# ALTCHA proof of work: the largest number the browser may have to try (about half of it on average).
GONGKAI_ALTCHA_MAX_NUMBER = int(os.environ.get("GONGKAI_ALTCHA_MAX_NUMBER", "50000"))
GONGKAI_ALTCHA_HMAC_KEY = os.environ.get("GONGKAI_ALTCHA_HMAC_KEY", "")  # default: derived from SECRET_KEY

# E-mail (deadline reminders): SMTP when GONGKAI_EMAIL_HOST is set, else printed to the console.
if os.environ.get("GONGKAI_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["GONGKAI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "465"))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = EMAIL_PORT == 465
    EMAIL_USE_TLS = EMAIL_PORT == 587
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")

# Background work (search indexing, e-mail): the Django tasks API (the django-tasks backport). By default tasks
# wait in the database (django-tasks-db) for `gongkai db_worker`, which `make run` starts beside the web server;
# GONGKAI_TASKS=immediate runs each task at once in the process that enqueues it (the tests, one-off scripts).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
GONGKAI_TASKS = os.environ.get("GONGKAI_TASKS", "database")
if GONGKAI_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"GONGKAI_TASKS: expected one of {', '.join(TASK_BACKENDS)}, got {GONGKAI_TASKS!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[GONGKAI_TASKS], "QUEUES": ["default"]}}

# --- operations (issue 19) ---
# Logs: one JSON object per line on stderr (GONGKAI_LOG_FORMAT=text for plain lines while developing), each
# with the request's id (X-Request-ID, from nginx or made here). No query strings, no bodies: applicants'
# personal data never reaches a log. GONGKAI_LOG_LEVEL=INFO adds one line per request (logger gongkai.access).
GONGKAI_LOG_FORMAT = os.environ.get("GONGKAI_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gongkai.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "gongkai.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if GONGKAI_LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
# /readyz answers 503 when the oldest task waiting to run is older than this (seconds), or when the disk
# holding the media directory has less free space than this (MB).
GONGKAI_READY_MAX_TASK_LAG = int(os.environ.get("GONGKAI_READY_MAX_TASK_LAG", "600"))
GONGKAI_READY_MIN_DISK_FREE_MB = int(os.environ.get("GONGKAI_READY_MIN_DISK_FREE_MB", "512"))
# /metrics answers only these client networks (comma-separated, CIDR); others get a 404. The client address
# is the one gongkai.core.context.ip_from_request reads (GONGKAI_PROXY_COUNT behind nginx).
GONGKAI_METRICS_ALLOW = env_list("GONGKAI_METRICS_ALLOW") or ["127.0.0.1/32", "::1/128"]
# Each app server's tantivy index (a cache derived from the database's search rows and change log).
GONGKAI_SEARCH_INDEX_DIR = Path(os.environ.get("GONGKAI_SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
# Days the search change log keeps its entries (`gongkai prune_search_log`, daily): an app server whose index
# was off longer rebuilds it from the rows instead of catching up.
GONGKAI_SEARCH_LOG_KEEP_DAYS = int(os.environ.get("GONGKAI_SEARCH_LOG_KEEP_DAYS", "7"))
# Where `gongkai backup` writes its archives by default.
GONGKAI_BACKUP_DIR = Path(os.environ.get("GONGKAI_BACKUP_DIR", VAR_DIR / "backups"))
# --- end operations ---

# Applications for disclosure (issue 21). Days an applicant's files (identity proof, material, correction)
# are kept after the application is closed (`gongkai purge_foi_files`, daily); never while a reconsideration
# or suit about it is pending. 400 days outlast the longest remedy period (one year when the notice omitted
# the remedies) with a margin.
GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS = int(os.environ.get("GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS", "400"))
# Hours a download link on the tracking page (or in the delivery e-mail) stays valid.
GONGKAI_FOI_LINK_HOURS = int(os.environ.get("GONGKAI_FOI_LINK_HOURS", "72"))
