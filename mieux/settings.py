"""Settings for the MIEUX Regional Round-tables site.

One module, configured from environment variables. The defaults are safe for a
local checkout: an SQLite file, an in-memory cache and e-mail printed to the
console. ``DJANGO_ENV=production`` switches to the strict profile, which refuses
to start without a real secret key and allowed hosts. Every variable is listed
in README.md.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py is read if present; real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENVIRONMENT = env.str("DJANGO_ENV", default="development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

# A key for local use only: production refuses to start with it.
LOCAL_SECRET_KEY = "local-only-secret-key-never-use-in-production-mieux-roundtables"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=LOCAL_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == LOCAL_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, so that its forms show every language of a translated field.
    "modeltranslation",
    "mieux.apps.MieuxAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "django_ratelimit",  # for its system check of the cache that counts the rate limits
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    # The project's apps, from the foundations up (imports run from the later to the earlier).
    "core",
    "pagecache",
    "outbox",
    "ops",
    "actions",
    "roundtables",
    "reflections",
    "findings",
    "pages",
    "opendata",
    "demo",
    "mieux",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # The API may be read from any origin (GET only; see CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "ops.security.AdminStylesMiddleware",
    # Above sessions, CSRF and the rest: a cached public page is served without them.
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ops.addresses.MalformedAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "ops.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "mieux.urls"
WSGI_APPLICATION = "mieux.wsgi.application"
ASGI_APPLICATION = "mieux.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.page",
            ],
        },
    },
]

# Database: an SQLite file by default; PostgreSQL (psycopg2) through DATABASE_URL,
# e.g. postgres://user:password@host:5432/name.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write
    # lock at the start of a transaction, so concurrent writers queue instead of
    # failing with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file too, so that a live server's threads open connections of their own;
    # named after the database, so that runs against different databases keep apart.
    _test_name = f"test-{Path(DATABASES['default']['NAME']).stem}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / _test_name)}
else:
    # Persistent connections, checked before reuse so that a restarted server
    # costs one failed check, not an error page.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis with CACHE_URL=redis://127.0.0.1:6379/0.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://mieux")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Reuses its Redis clients, and misses rather than fails when Redis is down or hangs.
    CACHES["default"]["BACKEND"] = "pagecache.redis.RedisCache"
    # A Redis that does not answer costs at most this long, once every few seconds.
    CACHE_TIMEOUT = env.float("CACHE_TIMEOUT", default=0.25)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=CACHE_TIMEOUT, socket_timeout=CACHE_TIMEOUT
    )
elif CACHES["default"]["BACKEND"].endswith("locmem.LocMemCache"):
    # Room for the pages' shared parts beside the pages (Django's default is 300 entries).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)
# Public pages are cached whole for anonymous visitors (see pagecache/). On by default
# with Redis, which all processes and nodes share; off with the per-process memory cache.
SHARED_CACHE = "redis" in CACHES["default"]["BACKEND"].lower()
# Names the deployment in the page cache's keys (e.g. the commit); by default a fingerprint of
# the code and templates, computed at start-up.
RELEASE = env.str("RELEASE", default="")
PUBLIC_PAGE_CACHE_SECONDS = env.int(
    "PUBLIC_PAGE_CACHE_SECONDS", default=3600 if SHARED_CACHE else 0
)
# After an edit, the pages it touched are served as they were until the worker re-makes them,
# for at most this long.
PUBLIC_PAGE_STALE_SECONDS = env.int("PUBLIC_PAGE_STALE_SECONDS", default=60)
# Production runs several workers, on one node or more: with a cache of each worker's own (or
# none), the page cache would be off and each worker would count its own rate limits.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if PRODUCTION and CACHES["default"]["BACKEND"] in UNSHARED_CACHES:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache that every worker shares in production, e.g. "
        "redis://127.0.0.1:6379/0: with local memory (the default) or none, the page cache is "
        "off and rate limits count per worker."
    )

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login while its address and username are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the interface is in English, French and Spanish.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in the three languages (django-modeltranslation): English is required, and a text
# not yet translated reads as the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The admin's language tabs use jQuery UI, served from the project's own static files.
JQUERY_UI_URL = "build/js/jquery-ui.min.js"
USE_I18N = True
FORMAT_MODULE_PATH = ["mieux.formats"]
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files served by WhiteNoise with far-future cache headers.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False  # flags are linked by their plain names
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# E-mail: printed to the console by default; SMTP in production.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Background work (sending e-mail, making new links) is queued in the database and run by
# `manage.py db_worker`, never inside a web request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="MIEUX Round-tables <roundtables@localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Spreadsheet import and export in the admin: all or nothing, by permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_FORMATS = EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
# An import runs in a web request, twice (dry run, then confirmation): a file over these limits
# is refused at upload. The rows: what the heaviest import does in well under a third of
# GUNICORN_TIMEOUT (bench/imports.py: under 8 s); the size: that many rows with long texts
# in three languages (8 MB).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1000)
IMPORT_MAX_FILE_MB = env.int("IMPORT_MAX_FILE_MB", default=10)
# The file waits for its confirmation in the database, which every node shares.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.imports.UploadStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The site's address for the links in e-mail that commands send (no trailing slash); e-mail
# sent while answering a request links to the address the request came to. `make run` sets it
# from PORT; production refuses to start with the local default.
LOCAL_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = env.str("SITE_URL", default="" if PRODUCTION else LOCAL_SITE_URL).rstrip("/")
if PRODUCTION and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "SITE_URL must be set in production, e.g. https://roundtables.example.org"
    )

# Participants' reflections: how long a personal link stays valid, and the limits that keep
# the forms from being abused (django-ratelimit rates: "count/period").
REFLECTION_LINK_DAYS = env.int("REFLECTION_LINK_DAYS", default=30)
REFLECTION_MIN_FILL_SECONDS = env.int("REFLECTION_MIN_FILL_SECONDS", default=2)
RATELIMIT_LINK_REQUESTS = env.str("RATELIMIT_LINK_REQUESTS", default="5/m")
RATELIMIT_LINKS_PER_EMAIL = env.str("RATELIMIT_LINKS_PER_EMAIL", default="3/h")
RATELIMIT_FORM_POSTS = env.str("RATELIMIT_FORM_POSTS", default="30/m")
RATELIMIT_TOKEN_POSTS = env.str("RATELIMIT_TOKEN_POSTS", default="20/m")
# Searches per address: each one new to the cache costs the database some milliseconds.
RATELIMIT_SEARCHES = env.str("RATELIMIT_SEARCHES", default="60/m")
RATELIMIT_VIEW = "ops.views.too_many_requests"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# If the cache is down, let participants through rather than lose their words.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit's system check wants a shared cache that counts atomically. Its list of the
# backends it supports predates Django's Redis backend, which ours extends (Redis counts with
# INCRBY, shared by every node): its "not officially supported" warning is silenced for Redis.
# In development the local memory cache is fine, one process counting for itself (production
# refuses it, above): there only, its error is silenced too.
SILENCED_SYSTEM_CHECKS = []
if SHARED_CACHE or not PRODUCTION:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
if not PRODUCTION:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Security --------------------------------------------------------------------------------
# Production sits behind a proxy that terminates TLS; DJANGO_HTTPS=0 serves plain HTTP (for
# `make serve` on this machine), DJANGO_PROXY_COUNT says how many proxies add X-Forwarded-For.
HTTPS = env.bool("DJANGO_HTTPS", default=PRODUCTION)
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1 if PRODUCTION else 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Staff sessions end after eight hours, or sooner with DJANGO_SESSION_SECONDS.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp): no inline script anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Admin logins: locked out for an hour after five failures for one username from one address
# (django-axes); the lockout page says so.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Failures count by username and address, and by username alone: a guesser who changes address
# with each try is locked out as well. (Someone can then lock an account out for
# AXES_COOLOFF_HOURS by failing on purpose; `manage.py axes_reset_username` lifts it sooner.)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ops.security.client_ip"
AXES_VERBOSE = False
RATELIMIT_IP_META_KEY = "ops.security.client_ip"

# Open data: the API, the downloads and the calendar (in each language) may be read from any
# origin, with GET only and no credentials (django-cors-headers).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/((fr|es)/)?(api/|data/|roundtables/calendar\.ics$)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# The API (Django REST framework, drf-spectacular).
# Read-only JSON for anyone, without sessions or logins (so never a draft); RATELIMIT_API_REQUESTS
# per address (RATELIMIT_ENABLE=0 lifts it); its description and sections: opendata/api/schema.py.
RATELIMIT_API_REQUESTS = env.str("RATELIMIT_API_REQUESTS", default="120/m")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttling.PerAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": RATELIMIT_API_REQUESTS},
    "DEFAULT_PAGINATION_CLASS": "opendata.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "opendata.api.schema.OpenDataSchema",
    "EXCEPTION_HANDLER": "opendata.api.schema.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("MIEUX Regional Round-tables: open data"),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",  # "null or this object" as every validator reads it (3.0 cannot)
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "CONTACT": {"name": "ICMPD, the MIEUX programme", "url": "https://www.icmpd.org/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opendata.api.schema.describe",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoundTableStatusEnum": "roundtables.models.RoundTableStatus",
        "ActionStatusEnum": "actions.models.ActionStatus",
        "OutcomeStatusEnum": "actions.models.OutcomeStatus",
        "OutcomeKindEnum": "actions.models.OutcomeKind",
        "FindingKindEnum": "findings.models.FindingKind",
    },
}

# bench/run.py's yardstick page (/bench/hello/); never on in production.
BENCH_ENDPOINTS = env.bool("BENCH_ENDPOINTS", default=False)

# Countries as the programme writes them.
COUNTRIES_OVERRIDE = {
    "LA": _("Lao PDR"),
    "VN": _("Viet Nam"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
