"""Django settings. Everything a deployment changes comes from the environment (see README)."""

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
    "lotline.imports",
    "lotline.demo",
    "lotline.accounts",
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
    "lotline.web.nul.RefuseNul",
]

ROOT_URLCONF = "lotline.urls"
WSGI_APPLICATION = "lotline.wsgi.application"

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


def _database() -> dict:
    """SQLite in WAL mode by default; PostgreSQL (or another SQLite file) through DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        private_folder(DATA_DIR)
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DEFAULT_SQLITE_PATH)}
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sessions live in a cookie signed with SECRET_KEY, not in the database: a copy of the database
# file (a backup, a laptop) then holds no live sign-in. Logging out clears the cookie; a password
# change ends every session at once (the cookie carries a hash of the password).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("LOTLINE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

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
