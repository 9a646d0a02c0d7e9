"""Shared test fixtures, and the database a test run uses.

`pytest` runs every test on SQLite; `pytest --db=postgres` runs the tests that touch the database
again, on a throwaway PostgreSQL server that pytest-postgresql starts on a free port of 127.0.0.1
and removes afterwards. `make test` does both.
"""

from __future__ import annotations

import glob
import io
import json
import os
import pwd
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_postgresql import factories

from lotline.testing import (
    JamStory,
    Snapshot,
    add_jam_seller_catalog,
    in_ci,
    missing,
    restore,
    take_snapshot,
    tell_jam_story,
)

# Replaces pytest-postgresql's own postgresql_proc: 127.0.0.1, a free port, and pg_ctl through a
# wrapper that runs it as the postgres user when we are root (the wrapper says why).
PG_CTL_WRAPPER = Path(__file__).resolve().parent / "tests" / "support" / "pg_ctl_unprivileged"
BROWSER_TESTS = Path(__file__).resolve().parent / "tests" / "browser"
postgresql_proc = factories.postgresql_proc(executable=str(PG_CTL_WRAPPER), host="127.0.0.1", port=None)

_postgres_missing = pytest.StashKey[str]()
_own_basetemp = pytest.StashKey[Path]()
_nothing_for_postgres = pytest.StashKey[bool]()


# --- the demo cast ----------------------------------------------------------------------------


# Recording the cast through the verbs takes a tenth of a second to a second (PostgreSQL, a busy
# machine) and hundreds of tests want it: each is recorded once per run and copied into each test.


def _copied_or_recorded(snapshot: tuple[Any, Snapshot], record: Callable[[], Any]) -> Any:
    """The copy, into a test whose ledger is empty; else (something was recorded first, so the copy
    could not start the chain) recorded again after it."""
    from lotline.ledger.models import Event

    if Event.objects.exists():
        return record()
    result, rows = snapshot
    restore(rows)
    return result


@pytest.fixture(scope="session")
def jam_catalog_snapshot(django_db_setup, django_db_blocker) -> tuple[None, Snapshot]:
    with django_db_blocker.unblock():
        return take_snapshot(add_jam_seller_catalog)


@pytest.fixture
def jam_catalog(jam_catalog_snapshot: tuple[None, Snapshot], db) -> None:
    """The jam seller's catalog (lotline.testing.add_jam_seller_catalog)."""
    _copied_or_recorded(jam_catalog_snapshot, add_jam_seller_catalog)


@pytest.fixture(scope="session")
def story_snapshot(django_db_setup, django_db_blocker) -> tuple[JamStory, Snapshot]:
    with django_db_blocker.unblock():
        return take_snapshot(tell_jam_story)


@pytest.fixture
def story(story_snapshot: tuple[JamStory, Snapshot], db) -> JamStory:
    """The jam story (lotline.testing.tell_jam_story): its catalog, lots, batches and shipments."""
    return _copied_or_recorded(story_snapshot, tell_jam_story)


@pytest.fixture(scope="session")
def crafted_snapshot(django_db_setup, django_db_blocker) -> tuple[Any, Snapshot]:
    from lotline.compare.crafted import record_crafted_history

    with django_db_blocker.unblock():
        return take_snapshot(record_crafted_history)


@pytest.fixture
def crafted(crafted_snapshot: tuple[Any, Snapshot], db) -> Any:
    """The comparison's crafted history (lotline.compare.crafted): 20 batches of jam, those made with
    Hillside Orchard's strawberries failed; recorded once per run (the comparison's tests and its page's)."""
    from lotline.compare.crafted import record_crafted_history

    return _copied_or_recorded(crafted_snapshot, record_crafted_history)


def _record_the_demo() -> dict:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> tuple[dict, Snapshot]:
    """The demo business, recorded once per test run by `lotline demo --json` (what it printed, and
    the rows it wrote). Recording it takes seconds; copying it into a test, milliseconds."""
    with django_db_blocker.unblock():
        return take_snapshot(_record_the_demo)


@pytest.fixture
def demo_db(demo_snapshot: tuple[dict, Snapshot], db) -> dict:
    """A test database holding the demo business (copied in; rolled back after the test, like any
    test's writes). Returns what `lotline demo --json` printed. Ask for it before other data."""
    printed, snapshot = demo_snapshot
    restore(snapshot)
    return printed


# --- people: one per role, and a signed-in test client for each --------------------------------


def _person(django_user_model: type, username: str, role: str, sites: tuple[str, ...] = ()):
    from lotline.accounts.services import add_person

    # made by the machine's operator ("alice" is no person's name), as `lotline` would
    added = add_person(username, f"{username}-password", role=role, sites=sites, actor="alice")
    return django_user_model.objects.get(pk=added)


@pytest.fixture
def owner(db, django_user_model):
    return _person(django_user_model, "olivia", "owner")


@pytest.fixture
def staff(db, django_user_model):
    return _person(django_user_model, "sam", "staff")


@pytest.fixture
def auditor(db, django_user_model):
    return _person(django_user_model, "ada", "auditor")


def _signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _signed_in(owner)


@pytest.fixture
def staff_client(staff):
    return _signed_in(staff)


@pytest.fixture
def auditor_client(auditor):
    return _signed_in(auditor)


@pytest.fixture(autouse=True)
def _checkpoints_of_this_test(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Each test its own checkpoint key and log (made only if used): a checkpoint of one test's
    ledger must not be a witness against the next test's."""
    import hashlib

    from django.conf import settings

    test = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    folder = tmp_path_factory.getbasetemp() / "checkpoints" / test
    before, settings.CHECKPOINT_KEY = settings.CHECKPOINT_KEY, folder / "checkpoint_key.pem"
    yield
    settings.CHECKPOINT_KEY = before


@pytest.fixture(autouse=True, scope="session")
def _import_uploads_in_the_test_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The folders of import jobs a test leaves unfinished go with pytest's own temporary folders."""
    from lotline.imports import jobs

    jobs.UPLOADS_DIR = tmp_path_factory.mktemp("import-uploads")


@pytest.fixture
def database_for_subprocesses(monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL, for the processes a test starts (an import job's runner), naming this run's
    test database; the test must commit what they should see (transactional_db, live_server)."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def dataset_generator() -> Path:
    """The shared dataset generator, found beside the checkout as `make bench` finds it."""
    from bench.datasets import GENERATOR

    if not GENERATOR.exists():
        missing(f"the dataset generator is missing: {GENERATOR} (the shared folder beside the checkout)")
    return GENERATOR


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Passwords in tests are test data: hash them in microseconds, not the production ~0.5 s."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- choosing the database --------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db", choices=("sqlite", "postgres"), default="sqlite",
        help="sqlite: every test on a SQLite file (default); postgres: the tests that touch the "
             "database, on a throwaway PostgreSQL server.",
    )


def _version(pg_ctl: str) -> tuple[int, ...]:
    """15 for /usr/lib/postgresql/15/bin/pg_ctl."""
    return tuple(int(n) for n in Path(pg_ctl).parts[-3].split(".") if n.isdigit())


def find_pg_ctl() -> str | None:
    """$LOTLINE_PG_CTL, pg_ctl on PATH, or the newest Debian/Ubuntu server (/usr/lib/postgresql/N/bin).

    Debian keeps pg_ctl off PATH, hence the second place to look.
    """
    if configured := os.environ.get("LOTLINE_PG_CTL"):
        return configured
    if found := shutil.which("pg_ctl"):
        return found
    return max(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, default=None)


def _postgres_problem() -> str:
    """Why a PostgreSQL server cannot be started here, or "" when it can (and then which pg_ctl to use)."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        return "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
    if not os.access(pg_ctl, os.X_OK):
        return f"{pg_ctl} (LOTLINE_PG_CTL) is not an executable pg_ctl"
    os.environ["LOTLINE_PG_CTL"] = pg_ctl  # for the wrapper
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(os.environ.get("LOTLINE_PG_USER", "postgres"))
        except KeyError:
            return "running as root, and there is no 'postgres' user to run the server as"
    return ""


@pytest.hookimpl(tryfirst=True)  # before pytest's tmp_path plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("db") != "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if url and not url.startswith("sqlite"):
            raise pytest.UsageError("--db=sqlite runs on SQLite: unset DATABASE_URL (or use --db=postgres)")
        return
    if problem := _postgres_problem():
        if in_ci():
            raise pytest.UsageError(f"--db=postgres: {problem}. In CI a missing PostgreSQL fails the run.")
        config.stash[_postgres_missing] = problem
    elif os.geteuid() == 0 and config.option.basetemp is None:
        # The server runs as the postgres user, which cannot enter pytest's usual basetemp
        # (/tmp/pytest-of-root is 0700, and every pytest session resets it to 0700). So this run
        # gets a basetemp of its own, opened to 0711 (search, not list) when the server starts.
        config.option.basetemp = tempfile.mkdtemp(prefix="lotline-pytest-")
        config.stash[_own_basetemp] = Path(config.option.basetemp)


def pytest_report_header(config: pytest.Config) -> str:
    if config.getoption("db") != "postgres":
        return "database: SQLite (a file in pytest's temporary directory)"
    if problem := config.stash.get(_postgres_missing, None):
        return f"database: PostgreSQL run SKIPPED: {problem}"
    runs_as = " as the postgres user" if os.geteuid() == 0 else ""
    return f"database: PostgreSQL, a throwaway server run by {os.environ['LOTLINE_PG_CTL']}{runs_as}"


def pytest_unconfigure(config: pytest.Config) -> None:
    if basetemp := config.stash.get(_own_basetemp, None):
        shutil.rmtree(basetemp, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Tests chosen that never touch the database leave nothing to run on PostgreSQL: not a failure."""
    nothing_to_run = session.config.stash.get(_nothing_for_postgres, False)
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and nothing_to_run:
        session.exitstatus = pytest.ExitCode.OK


def _touches_db(item: pytest.Item) -> bool:
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return bool(
        item.get_closest_marker("db")
        or item.get_closest_marker("django_db")
        or "django_db_setup" in getattr(item, "fixturenames", ())  # db, transactional_db, live_server...
        or (cls is not None and issubclass(cls, TransactionTestCase))
    )


def _runs_on_postgres(item: pytest.Item) -> bool:
    if item.get_closest_marker("sqlite_only"):
        return False
    in_browser = BROWSER_TESTS in Path(str(item.path)).parents
    return not in_browser or bool(item.get_closest_marker("postgres_too"))


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests that touch the database `db`, so `-m db` and the PostgreSQL run can choose them."""
    if _touches_db(item) and not item.get_closest_marker("db"):
        item.add_marker(pytest.mark.db)


@pytest.hookimpl(trylast=True)  # after -k and -m have chosen
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL run keeps only the tests that touch the database, and of the browser tests
    only those marked postgres_too: a page's HTML is the same on both databases, and the domain tests
    run on both, so each browser walk runs once (the suite stays under 10 minutes)."""
    if config.getoption("db") != "postgres":
        return
    keep = [item for item in items if item.get_closest_marker("db") and _runs_on_postgres(item)]
    kept = {id(item) for item in keep}
    if dropped := [item for item in items if id(item) not in kept]:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        config.stash[_nothing_for_postgres] = not keep
    if problem := config.stash.get(_postgres_missing, None):
        skip = pytest.mark.skip(reason=f"PostgreSQL run skipped: {problem}")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    django_db_modify_db_settings_parallel_suffix: None,
) -> None:
    """Point Django at this run's database before the test database is created.

    SQLite uses a file, not pytest-django's in-memory database, so tests run with WAL and
    separate connections exactly as the application does (the concurrency tests need that).
    """
    from django.conf import settings
    from django.db import connections

    db = settings.DATABASES["default"]
    if request.config.getoption("db") == "postgres":
        if os.geteuid() == 0:
            tmp_path_factory.getbasetemp().chmod(0o711)
        server = request.getfixturevalue("postgresql_proc")
        db.update(
            ENGINE="django.db.backends.postgresql", HOST=server.host, PORT=str(server.port),
            USER=server.user, PASSWORD=server.password or "", NAME="lotline",
            OPTIONS=dict(settings.POSTGRES_OPTIONS),
            CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False,
        )
        db.setdefault("TEST", {})["NAME"] = "test_lotline"
    else:
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.getbasetemp() / "test_lotline.sqlite3")
    # The settings dict is changed in place; a connection opened before now would keep the old one.
    for conn in connections.all(initialized_only=True):
        conn.close()
        del connections[conn.alias]
