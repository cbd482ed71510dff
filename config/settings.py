"""Settings for the incident map, read from the environment.

DATABASE_URL  default: a SQLite file (WAL mode) under var/; postgres://... selects PostgreSQL (psycopg 3).
SECRET_KEY    default: a random key generated once into var/secret_key.
DEBUG         "true" for development.
ALLOWED_HOSTS comma-separated.
PUBLIC_DASHBOARD  "true" opens the dashboard read-only to anonymous users.
TILE_URL / TILE_ATTRIBUTION  an online tile layer; empty (the default): the offline basemap (static/basemap).
GEOCODER_ONLINE  "nominatim" enables the cached online geocoder after the offline gazetteer.
HTTPS         "true" behind TLS: secure cookies, HSTS, redirect to https (each also settable alone).
DB_CONN_MAX_AGE  seconds a database connection is kept (0 = per request, the safe default).
PG_OPTIONS    PostgreSQL session settings (default: -c jit=off -c work_mem=32MB -c random_page_cost=1.1).
CELERY_BROKER_URL  redis://... to poll feeds on Celery workers and beat; empty: `manage.py poll_feeds`.
INTAKE_*      feed polling: User-Agent, timeouts, size limit, politeness delay, retries (README).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A local install gets a random key generated once and kept in var/ (never committed).
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    # SimpleAdminConfig: plain admin autodiscovery would import leaflet.admin, which needs GDAL.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer below finds Django's own widget templates here
    "django_filters",
    "leaflet",
    "simple_history",
    "axes",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ETag on every answer: a client asking again for an unchanged selection gets a 304 and no body
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failed logins, refuses locked-out ones
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Widget templates (the admin's point picker) live in templates/ with the rest.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Connections are closed after each request unless DB_CONN_MAX_AGE says otherwise: the development
# server runs a thread per request, and persistent connections there exhausted PostgreSQL's slots.
# Under gunicorn with a fixed number of workers and threads (make serve), 60 is a good value.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'incidents.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the dashboard read while an ingest writes; IMMEDIATE avoids "database is locked" upgrades.
        # A 64 MB page cache and memory-mapped reads: 100 k incidents fit, and ingest writes ~2% faster.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not Django's shared in-memory database: the live server then gets a connection
    # per thread (as in production) instead of sharing one between concurrent browser requests.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # The map's covering indexes carry extra columns on PostgreSQL (INCLUDE); SQLite builds the same
    # indexes on their key columns alone, which is what it can use anyway.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for a dashboard's short queries (bench/plans-1m-postgres.txt): JIT compiling
    # cost 170 ms of a 1 M-row GROUP BY and saved nothing; the grid and facet aggregates need more than
    # the 4 MB default work_mem to hash in memory rather than sort on disk; and on SSDs random reads
    # cost little more than sequential ones, so the covering indexes are chosen. PG_OPTIONS replaces it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "PG_OPTIONS", "-c jit=off -c work_mem=32MB -c random_page_cost=1.1"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"  # not the admin's: that one refuses non-staff Viewers
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # dashboard strings; the admin's own live in incidents/locale
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve static/ straight from the finders: no collectstatic step for make run


def _long_cache(headers, path, url):
    """The basemap layers are asked for with ?v=<content hash> (incidents/basemap.py): cache them a day."""
    if url.startswith(STATIC_URL + "basemap/"):
        headers["Cache-Control"] = "public, max-age=86400"


WHITENOISE_ADD_HEADERS_FUNCTION = _long_cache
WHITENOISE_MIMETYPES = {".geojson": "application/geo+json"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the dashboard's fetch() calls send the token from the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind TLS (HTTPS=true) every cookie is secure, plain http is redirected and browsers remember HSTS.
# Each can be set on its own; `manage.py check --deploy` is clean with HTTPS=true and a SECRET_KEY.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(31_536_000 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):  # a TLS-terminating proxy that sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling (django-axes): after 5 failed passwords for one username from one address, that
# pair is refused (HTTP 429) for 15 minutes. `manage.py axes_reset` lifts every lock at once.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
if env_bool("BEHIND_PROXY", False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# --- the incident map ---
PUBLIC_DASHBOARD = env_bool("PUBLIC_DASHBOARD", False)
# No tile server by default: the map draws the offline basemap (static/basemap, incidents/basemap.py),
# so it is readable with no network. TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png (with
# TILE_ATTRIBUTION="© OpenStreetMap contributors") puts tiles under it instead.
TILE_URL = os.environ.get("TILE_URL", "")
TILE_ATTRIBUTION = os.environ.get("TILE_ATTRIBUTION", "")
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(2 * 1024 * 1024)))
GEOCODER_ONLINE = os.environ.get("GEOCODER_ONLINE", "")  # "" (off) or "nominatim"
GEOCODER_NOMINATIM_DOMAIN = os.environ.get("GEOCODER_NOMINATIM_DOMAIN", "nominatim.openstreetmap.org")
GEOCODER_NOMINATIM_SCHEME = os.environ.get("GEOCODER_NOMINATIM_SCHEME", "https")
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "incident-map/0.1 (analyst dashboard)")
GEOCODER_MIN_DELAY_SECONDS = float(os.environ.get("GEOCODER_MIN_DELAY_SECONDS", "1.0"))

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (35.0, 39.5),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [],  # tiles are added by our own JS from TILE_URL so that "no tiles" works
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "PLUGINS": {
        "markercluster": {
            "css": [
                "vendor/leaflet.markercluster/MarkerCluster.css",
                "vendor/leaflet.markercluster/MarkerCluster.Default.css",
            ],
            "js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
        },
    },
}

# Up to this many incidents the dashboard clusters its markers (markercluster); above it, one canvas
# draws every incident (100 k Leaflet markers take seconds to cluster, the canvas tens of milliseconds).
MAP_CLUSTER_LIMIT = int(os.environ.get("MAP_CLUSTER_LIMIT", "5000"))
# Above this many incidents in view, the map gets grid cells counted by the database (incidents/grid.py).
MAP_POINT_LIMIT = int(os.environ.get("MAP_POINT_LIMIT", "20000"))

# --- live intake (incidents/intake): feeds polled by Celery on Redis, or in-process by poll_feeds ---
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
INTAKE_REDIS_URL = os.environ.get(
    "INTAKE_REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)  # the politeness delay shared by every worker
INTAKE_USER_AGENT = os.environ.get(
    "INTAKE_USER_AGENT",
    "incident-map/0.1 (news intake for conflict analysts; polls feeds at most every few minutes)",
)
INTAKE_TIMEOUT_SECONDS = float(os.environ.get("INTAKE_TIMEOUT_SECONDS", "20"))
INTAKE_MAX_BYTES = int(os.environ.get("INTAKE_MAX_BYTES", str(5 * 1024 * 1024)))
INTAKE_MAX_REDIRECTS = int(os.environ.get("INTAKE_MAX_REDIRECTS", "5"))
INTAKE_HOST_DELAY_SECONDS = float(os.environ.get("INTAKE_HOST_DELAY_SECONDS", "2"))
INTAKE_ALLOW_PRIVATE_HOSTS = env_bool("INTAKE_ALLOW_PRIVATE_HOSTS", False)
INTAKE_ITEM_ATTEMPTS = int(os.environ.get("INTAKE_ITEM_ATTEMPTS", "5"))
INTAKE_RETRY_SECONDS = float(os.environ.get("INTAKE_RETRY_SECONDS", "60"))
INTAKE_LEASE_SECONDS = float(os.environ.get("INTAKE_LEASE_SECONDS", "300"))
INTAKE_DISPATCH_SECONDS = float(os.environ.get("INTAKE_DISPATCH_SECONDS", "60"))

# Celery (config/celery.py reads every CELERY_* setting). A task is acknowledged after it ran, so a
# worker killed mid-task leaves it to be delivered again; the tasks are idempotent (polling.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis gives an unacknowledged message to another worker after this long; beat's dispatcher
    # re-hands work whose lease expired much sooner, so this is only the last resort.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


def _tile_origin(url: str) -> list[str]:
    """The tile server's origin for the CSP's img-src ({s}.tile.example → *.tile.example)."""
    from urllib.parse import urlsplit

    if not url:
        return []
    parts = urlsplit(url.replace("{s}", "subdomain"))
    host = parts.netloc.replace("subdomain", "*")
    return [f"{parts.scheme}://{host}"] if parts.scheme in ("http", "https") and host else []


# Content-Security-Policy (django-csp): scripts and styles from this site only, no inline script,
# no plugins, no framing. The only inline style Django's stack emits is simple_history's paginator
# ("border-top: 0"), allowed by its hash. Images: this site, data: URIs (Leaflet) and the tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": ["'self'", "data:", *_tile_origin(TILE_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
