"""Settings shared by every environment; safe for production on their own.

Every environment variable the project reads is read here, in one place, and listed in the README.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# The site's public address (scheme and host, e.g. https://tsunagari.example.jp). Unset: links are
# built from the request being served, and outside a request from Wagtail's default Site.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL:
    WAGTAILADMIN_BASE_URL = SITE_URL
# Proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed: the
# same variable gunicorn reads for the scheme (deploy/gunicorn.conf.py), and the same default.
FORWARDED_ALLOW_IPS = [
    a.strip()
    for a in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",")
    if a.strip()
]
# The cache every web process shares (lockouts, rate limits, geocoding, pages): Redis when
# REDIS_URL is set (production), else a table in the database — no server to run, and still one
# cache for every process on that database.
REDIS_URL = os.environ.get("REDIS_URL", "")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Public search: "database" (embedded, the default) or "elasticsearch" (needs ELASTICSEARCH_URL).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip().lower() or "database"
# "Near me" geocoding: "gazetteer" (offline: stations, area offices, towns; the default) or
# "gsi" (adds 国土地理院's address search for street addresses, rate-limited and cached).
GEOCODER = os.environ.get("GEOCODER", "gazetteer").strip().lower() or "gazetteer"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Staff who hear about new portal submissions and problem reports (comma-separated).
STAFF_NOTIFICATION_EMAILS = [
    e.strip() for e in os.environ.get("STAFF_NOTIFICATION_EMAILS", "").split(",") if e.strip()
]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.jp")

INSTALLED_APPS = [
    "cms",
    "directory",
    "directory.search",
    "directory.pagecache",
    "directory.public",
    "matching",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer whatever the Host header, before any https redirect.
    "cms.health.HealthCheckMiddleware",
    # The client's own address from the proxy (deploy/nginx.conf), for lockouts and rate limits.
    "cms.middleware.ForwardedClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Anonymous public pages from the page cache, before sessions, authentication and the view.
    "directory.pagecache.middleware.PageCacheMiddleware",
    # Turns "database is locked" (SQLite busy) into a 503 with Retry-After; see docs/security.md.
    "cms.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor authentication: OTPMiddleware marks a session verified by a one-time code;
    # TwoFactorMiddleware holds a signed-in user at the code (or enrolment) page until then.
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "matching.middleware.CoordinatorIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.PreviewFrameMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Absolute links in emails and open data come from this request when SITE_URL is unset.
    "cms.middleware.RequestSiteRootMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.municipality",
            ],
        },
    },
]

# --- Database: DATABASE_URL selects it; a SQLite file in the project by default. ---
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL for concurrent readers; FULL so a power cut cannot lose committed rows;
    # IMMEDIATE so writers take the lock up front instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security headers on every response (production adds HSTS and secure cookies) ---
# Cookies: no script reads them (forms carry the CSRF token; the admin has it in its config).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# No inline script runs without the per-request nonce. No public page has one (the map is drawn
# by static files from data attributes), so public HTML holds no nonce and can be cached.
# Styles may be inline: Leaflet positions tiles and markers with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", "https://cyberjapandata.gsi.go.jp"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Wagtail's preview shows the page in a same-site iframe; no other site may frame us.
        "frame-ancestors": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
WAGTAIL_ADMIN_PATH = "admin/"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django 6 makes https the default scheme of URL form fields; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "cms.User"
# Login lockout (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes — a cool-off, never a permanent lock. The counters live in the shared cache
# (CACHES below), so every web process sees the same count; they expire by themselves.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_ENABLE_ADMIN = False

# Two-factor authentication (django-otp, cms/two_factor/): a TOTP authenticator app plus
# single-use recovery codes. Required for CMS staff and the matching workspace's coordinators
# and supervisors; offered to group members. After a wrong code, the next try waits 1, 2, 4 …
# seconds (django-otp's throttling, capped at an hour).
OTP_TOTP_ISSUER = "おおた つながりマップ"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
TWO_FACTOR_RECOVERY_CODES = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: the site speaks Japanese. ---
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cms.formats"]

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
# Uploaded images and documents: a volume in production (docker-compose.yml), in every backup.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache (see REDIS_URL above; docs/deploy.md) ---
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tsunagari",
            "OPTIONS": {
                # Redis down: every cache call misses and is logged (logger cms.cache), the site
                # keeps serving, and /readyz reports the cache (cms/health.py).
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "cms.cache"
else:
    # The table is created by a migration (cms/migrations/0003_cache_table.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cms_cache",
        }
    }
# The page cache (directory/pagecache/, docs/performance.md): whole anonymous pages, in the same
# Redis under a prefix of their own, else in a table of their own (migration
# directory/pagecache/0001), so that many pages never push lockout counters out of the default.
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "tsunagari-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "page_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
# PAGE_CACHE=off renders every request (the benchmark's uncached runs); pages still get ETags.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
# Never looked up in the page cache (nothing there is public, and asking costs a round trip).
PAGE_CACHE_SKIP_PATHS = [
    f"/{WAGTAIL_ADMIN_PATH}",
    "/portal/",
    "/coordinator/",
    "/account/",
    "/documents/",
    "/static/",
    "/media/",
    "/tsunagaritai/",  # the 「つながりたい」 form: a CSRF-protected POST, never kept
]

# --- Wagtail ---
WAGTAIL_SITE_NAME = "おおた つながりマップ"
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
# No avatars from gravatar.com: no third-party requests from the admin (privacy, CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]

# --- The municipality: everything place-specific is data or a setting, never code. ---
MUNICIPALITY = {
    "name": os.environ.get("MUNICIPALITY_NAME", "大田区"),
    "code": os.environ.get("MUNICIPALITY_CODE", "131113"),
    # Prefix of the pseudonymous case codes in the coordinator workspace (OTA-2026-0001).
    "case_code_prefix": os.environ.get("MUNICIPALITY_CASE_PREFIX", "OTA"),
    "prefecture": "東京都",
    # South, west, north, east (WGS84). Listings must lie inside; the database enforces it.
    "bbox": (35.50, 139.65, 35.64, 139.83),
    "center": (35.5613, 139.7160),
}
SITE_NAME = WAGTAIL_SITE_NAME

DIRECTORY_PAGE_SIZE = 20
# Pages a list goes to (50 × 20 = the first 1,000 listings): a deep page then costs what the first
# does. More matches ask the resident to narrow the search.
DIRECTORY_MAX_PAGES = 50

# --- Group portal (directory/portal/, docs/portal.md) ---
# Days an invitation link stays usable.
PORTAL_INVITATION_DAYS = 7
# A listing not confirmed for this many days is marked on its page and its members reminded.
FRESHNESS_DAYS = 180
# Problem reports accepted per visitor (hashed IP) per hour.
PROBLEM_REPORT_RATE_LIMIT = 5

# --- Coordinator workspace (matching) ---
# Signed-in coordinators are logged out after this many minutes without a request.
COORDINATOR_IDLE_TIMEOUT_MINUTES = int(os.environ.get("COORDINATOR_IDLE_TIMEOUT_MINUTES", "30"))
# Three months, in days: a 継続 outcome at a follow-up this many days (or more) after the start
# proposes 定着, and the indicator 「3か月後も参加」 counts placements still attending after it.
FOLLOW_UP_SETTLEMENT_OFFSET_DAYS = 91
# Follow-ups created when a placement reaches 参加開始, in days after the start date.
FOLLOW_UP_OFFSETS_DAYS = [14, 30, FOLLOW_UP_SETTLEMENT_OFFSET_DAYS, 182]
# A follow-up done within this many days after its due date counts as "on time".
FOLLOW_UP_ON_TIME_GRACE_DAYS = 7
# Audiences (slugs) that mean "open to everyone": such listings suit every client.
MATCHING_OPEN_AUDIENCE_SLUGS = ["anyone"]
MATCHING_SUGGESTION_LIMIT = 20
MATCHING_PAGE_SIZE = 25
# Counts above zero and below this are hidden in exports and on coordinators' indicator pages
# (docs/matching.md, "Small counts").
MATCHING_SMALL_COUNT_THRESHOLD = int(os.environ.get("MATCHING_SMALL_COUNT_THRESHOLD", "3"))
# Referral sources (slugs) whose clients the plan's first indicator counts (SAPOTA, フラットおおた).
MATCHING_PLAN_YOUTH_REFERRAL_SLUGS = ["sapota", "flat-ota"]
# Fernet keys (comma-separated, newest first) that encrypt the matching module's free-text notes
# at rest; the newest encrypts, every key decrypts. Rotation: docs/matching.md. Production refuses
# to start without them (or with the development key); elsewhere the fixed, public development
# key below is the fallback, so that a laptop and the test suite need no setup.
MATCHING_DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktaW5zZWN1cmUtbWF0Y2hpbmcta2V5ISE="  # "dev-only-insecure…"
MATCHING_ENCRYPTION_KEYS = [
    k.strip() for k in os.environ.get("MATCHING_ENCRYPTION_KEYS", "").split(",") if k.strip()
] or [MATCHING_DEV_ENCRYPTION_KEY]
# Keys (comma-separated, newest first) of the audit log's HMAC chain (matching/audit_chain.py):
# the newest signs, every key verifies until `manage.py rotate_audit_log_key` re-signs. Never
# stored in the database. Production refuses to start without them (or with this public one).
AUDIT_LOG_DEV_KEY = "dev-only-insecure-audit-log-key"
AUDIT_LOG_KEYS = [
    k.strip() for k in os.environ.get("AUDIT_LOG_KEYS", "").split(",") if k.strip()
] or [AUDIT_LOG_DEV_KEY]
# Clients closed more than this many years ago are anonymised by `manage.py apply_retention`.
MATCHING_RETENTION_YEARS = int(os.environ.get("MATCHING_RETENTION_YEARS", "5"))
# 「つながりたい」 intakes that did not become a client are cleared this many days after they came.
MATCHING_INTAKE_RETENTION_DAYS = int(os.environ.get("MATCHING_INTAKE_RETENTION_DAYS", "365"))
# Requests one address may send per hour, and the working days within which coordinators answer
# (what the confirmation promises).
INTAKE_RATE_LIMIT = 3
INTAKE_RESPONSE_DAYS = 3

# --- Search (directory/search/, docs/search.md) ---
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured(
        f'SEARCH_BACKEND must be "database" or "elasticsearch", not "{SEARCH_BACKEND}".'
    )
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
# The alias that public search reads; each rebuild loads a new index behind it.
SEARCH_ELASTICSEARCH_INDEX = "tsunagari-resources"
# Seconds to wait for Elasticsearch before a public search answers from the database instead,
# and how long to keep using the database after a failure before trying Elasticsearch again.
SEARCH_ELASTICSEARCH_TIMEOUT = 2.0
SEARCH_ELASTICSEARCH_RETRY_AFTER = 30.0
# Elasticsearch returns at most this many hits per search, best first (filters then narrow them).
SEARCH_ELASTICSEARCH_MAX_HITS = 1000

# --- Maps and "near me" (directory/public/maps.py, directory/geocoding.py, docs/maps.md) ---
if GEOCODER not in {"gazetteer", "gsi"}:
    raise ImproperlyConfigured(f'GEOCODER must be "gazetteer" or "gsi", not "{GEOCODER}".')

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail's background tasks run inline and log every start and finish at INFO.
        "django_tasks": {"level": "WARNING"},
        # django-axes would log usernames and addresses on lockouts: keep them out of the logs.
        "axes": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
    },
}
