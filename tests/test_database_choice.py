"""The test run uses the database it was asked for (`pytest --db=...`), so `make test` really covers both."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_tests_run_on_the_database_chosen_with_the_db_option(request):
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[request.config.getoption("db")]
    assert connection.vendor == expected


@pytest.mark.django_db
def test_the_tests_never_touch_the_working_database(request):
    name = connection.settings_dict["NAME"]
    assert "test" in str(name)


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit_compilation() -> None:
    """Traces are short queries; compiling their plans cost 40-60 ms a trace on a large ledger."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        assert cur.fetchone()[0] == "off"
