"""Django settings. Everything a deployment changes comes from the environment (see README)."""

import datetime as dt
import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url

from lotline.datafolder import keep_sqlite_private, private_folder, write_private

SRC_DIR = Path(__file__).resolve().parent
_checkout = SRC_DIR.parents[1]
# A source checkout keeps its data beside the code (var/); an installed copy uses ~/.lotline.
DEFAULT_HOME = _checkout if (_checkout / "pyproject.toml").exists() else Path.home() / ".lotline"
LOTLINE_HOME = Path(os.environ.get("LOTLINE_HOME", DEFAULT_HOME))
DATA_DIR = Path(os.environ.get("LOTLINE_DATA_DIR", LOTLINE_HOME / "var"))
DEFAULT_SQLITE_PATH = DATA_DIR / "lotline.sqlite3"
# The key that signs checkpoints of the event log, outside the database (see ledger/checkpoints.py);
# the checkpoint log and the last verify's outcome are kept in the same folder.
CHECKPOINT_KEY = Path(os.environ.get("LOTLINE_CHECKPOINT_KEY", DATA_DIR / "checkpoint_key.pem"))


def _secret_key() -> str:
    """Use LOTLINE_SECRET_KEY, else a key generated once and kept in the data folder."""
    if key := os.environ.get("LOTLINE_SECRET_KEY"):
        return key
    path = private_folder(DATA_DIR) / "secret_key"
    write_private(path, secrets.token_urlsafe(50).encode())  # only if there is none yet
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("LOTLINE_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("LOTLINE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    # first: its `createsuperuser` (with the password rules) replaces django.contrib.auth's
    "lotline.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "lotline.ledger",
    "lotline.catalog",
    "lotline.lots",
    "lotline.trace",
    "lotline.recalls",
    "lotline.complaints",
    "lotline.compliance",
    "lotline.plans",
    "lotline.labels",
    "lotline.allergens",
    "lotline.epcis",
    "lotline.yields",
    "lotline.compare",
    "lotline.quality",
    "lotline.labs",
    "lotline.process",
    "lotline.imports",
    "lotline.demo",
    "lotline.api",
    "lotline.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lotline.web.access.ForbiddenPage",
    "lotline.web.unreadable.RefuseUnreadable",
]

ROOT_URLCONF = "lotline.urls"
WSGI_APPLICATION = "lotline.wsgi.application"

# django-ninja's own Swagger UI template and files: /api/docs serves them, not a CDN's (it works
# offline). Found without importing ninja (not an installed app), so a command such as `lotline
# lookup` does not load ninja and pydantic at start-up.
def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"{name} is not installed: pip install -c constraints.txt -e .")
    return Path(spec.origin).parent


NINJA_DIR = _package_dir("ninja")
STATICFILES_DIRS = [NINJA_DIR / "static"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotline.web.access.rights",
            ],
        },
    },
]


# Bind parameters on the server: psycopg then prepares a statement it has seen twice (every trace
# is one of a few statements), so PostgreSQL stops planning it afresh each time (1 ms a trace).
# Behind a transaction-pooling PgBouncer, set prepare_threshold to None.
# No JIT compilation: it pays off for long analytical queries, and Lotline's are short. The plan
# of a trace on a large ledger is estimated costly enough to be compiled on every run: 40-60 ms
# of a forward trace that executes in 2 ms (1M-batch dataset).
POSTGRES_OPTIONS = {"server_side_binding": True, "prepare_threshold": 2, "options": "-c jit=off"}


def _database() -> dj_database_url.DBConfig:
    """SQLite in WAL mode by default; PostgreSQL (or another SQLite file) through DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        private_folder(DATA_DIR)
        db = dj_database_url.DBConfig(ENGINE="django.db.backends.sqlite3", NAME=str(DEFAULT_SQLITE_PATH))
    if db["ENGINE"].endswith("postgresql"):
        db["OPTIONS"] = POSTGRES_OPTIONS | db.get("OPTIONS", {})
    if db["ENGINE"].endswith("sqlite3"):
        keep_sqlite_private(Path(db["NAME"]))
        db.setdefault("OPTIONS", {}).update(
            # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
            # behind the busy timeout instead of one failing when it upgrades its read lock.
            transaction_mode="IMMEDIATE",
            timeout=30,
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;",
        )
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The password rules, checked wherever a password is set (accounts.services.check_password).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},  # 8 characters
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in checks the limits on failed sign-ins (accounts/signin.py) before the password.
AUTHENTICATION_BACKENDS = ["lotline.accounts.signin.LimitedSignIn"]
# Sessions live in a cookie signed with SECRET_KEY, not in the database: a copy of the database
# file (a backup, a laptop) then holds no live sign-in. Logging out clears the cookie; a password
# change ends every session at once (the cookie carries a hash of the password).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("LOTLINE_TIME_ZONE", "UTC")
# The business's today, fixed (YYYY-MM-DD): only to replay a synthetic dataset that runs into the
# future, as the benchmark's does (lotline.days.today). Unset: the real day in TIME_ZONE.
LOTLINE_TODAY = dt.date.fromisoformat(os.environ["LOTLINE_TODAY"]) if os.environ.get("LOTLINE_TODAY") else None
USE_I18N = True
USE_TZ = True

# EPCIS (lotline.epcis): the base of the private URIs naming our lots, places and documents where no GS1
# key (GTIN, GLN) is known. Part of every event's id (its hash): set it once, before the first export.
EPCIS_BASE = os.environ.get("LOTLINE_EPCIS_BASE", "https://id.lotline.example/").rstrip("/") + "/"
# The largest EPCIS document POST /epcis/capture takes (bytes; the JSON API takes 2.5 MB bodies).
EPCIS_CAPTURE_MAX_BYTES = int(os.environ.get("LOTLINE_EPCIS_CAPTURE_MAX_BYTES", str(20 * 1024 * 1024)))
# Quality (lotline.quality): the largest certificate of analysis (PDF) a result takes, in bytes.
COA_MAX_BYTES = int(os.environ.get("LOTLINE_COA_MAX_BYTES", str(10 * 1024 * 1024)))

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOTLINE_LOG_LEVEL", "WARNING")},
}


# --- Serving over HTTPS, and behind a reverse proxy ------------------------------------------------
# One block, so a deployment reads in one place what changes when Lotline is served over HTTPS.
# `lotline check --deploy` is clean with LOTLINE_HTTPS=1 (tests/test_deploy_settings.py).

# LOTLINE_BEHIND_PROXY=1: every request comes through one reverse proxy that sets (overwrites, never
# appends to what the client sent) X-Forwarded-Proto and appends the client's address to
# X-Forwarded-For. Then a request is HTTPS when the proxy says so, and the limits on failed sign-ins
# count the address the proxy saw (accounts/signin.client_address). Without a proxy, leave it off:
# any client could claim to be on HTTPS, or to come from any address. (gunicorn itself already
# trusts X-Forwarded-Proto from a proxy on 127.0.0.1: its forwarded_allow_ips.)
LOTLINE_BEHIND_PROXY = os.environ.get("LOTLINE_BEHIND_PROXY", "") == "1"
if LOTLINE_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOTLINE_HTTPS=1: Lotline is served over HTTPS only.
LOTLINE_HTTPS = os.environ.get("LOTLINE_HTTPS", "") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True  # Django's default, said here: a download is never sniffed into a page
SECURE_REFERRER_POLICY = "same-origin"  # codes in addresses stay with Lotline
if LOTLINE_HTTPS:
    SESSION_COOKIE_SECURE = True  # the sign-in and CSRF cookies are never sent over plain HTTP
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True  # plain HTTP is redirected (Django must see HTTPS: see LOTLINE_BEHIND_PROXY)
    # HSTS: browsers use HTTPS only, for a year by default (LOTLINE_HSTS_SECONDS=3600 while trying it out).
    SECURE_HSTS_SECONDS = int(os.environ.get("LOTLINE_HSTS_SECONDS", str(365 * 24 * 3600)))
    # includeSubDomains covers only names under the one Lotline answers on (lots.bakery.example:
    # *.lots.bakery.example), which are Lotline's own. Leaving it out lets a sub-name be reached over
    # plain HTTP and set cookies for Lotline's.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # preload asks browsers to build HTTPS-only in for the whole registrable domain (bakery.example and
    # every name under it), for good: a business's decision about its domain, not Lotline's. Off unless
    # LOTLINE_HSTS_PRELOAD=1, and Django's reminder about it (security.W021) silenced while off.
    SECURE_HSTS_PRELOAD = os.environ.get("LOTLINE_HSTS_PRELOAD", "") == "1"
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The resolver of the GS1 Digital Link URIs the labels' QR codes hold (https://<resolver>/01/<GTIN>/10/<lot>):
# LOTLINE_RESOLVER, else this app's own address (the first allowed host), which serves those paths itself.
_HOST = ALLOWED_HOSTS[0] if ALLOWED_HOSTS and ALLOWED_HOSTS[0] not in ("*", "") else "localhost"
_PORT = ":8000" if _HOST in ("127.0.0.1", "localhost") else ""  # `lotline runserver`'s
LOTLINE_RESOLVER = os.environ.get("LOTLINE_RESOLVER") or (f"https://{_HOST}" if LOTLINE_HTTPS else f"http://{_HOST}{_PORT}")
