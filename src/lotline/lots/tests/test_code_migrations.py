"""The migrations that make codes unique whatever their case stop, changing nothing, on a ledger that
already holds two codes differing only in case, and say which and how to go on."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lotline.testing import JamStory

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = {"lots": ("lots", "0003_not_affected_by_site"), "catalog": ("catalog", "0003_fields_declared_in_specs")}
AFTER = {"lots": ("lots", "0004_lot_code_any_case"), "catalog": ("catalog", "0004_codes_any_case")}


def migrate(app: str, when: dict) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([when[app]])


def migrate_all() -> None:
    """Every app to its last migration again: taking lots or catalog back also took back the apps
    whose migrations depend on theirs (complaints, ...), and the tests after these need their tables."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def execute(sql: str, params: list) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params)


def index_exists(name: str) -> bool:
    with connection.cursor() as cur:
        return name in {i for t in connection.introspection.table_names(cur)
                        for i in connection.introspection.get_constraints(cur, t)}


def test_the_lot_code_migration_stops_on_codes_that_differ_only_in_case(story: JamStory) -> None:
    migrate("lots", BEFORE)
    try:
        execute("UPDATE lot SET code = %s WHERE code = %s", ["sj-20260304-a", story.other_jam])
        with pytest.raises(CommandError) as stopped:
            migrate("lots", AFTER)
        message = str(stopped.value)
        assert "SJ-20260304-A and sj-20260304-a" in message
        assert "left as it was" in message and "lotline export" in message and "lotline import" in message
        assert not index_exists("lot_code_any_case")
    finally:
        execute("UPDATE lot SET code = %s WHERE code = %s", [story.other_jam, "sj-20260304-a"])
        migrate_all()
    assert index_exists("lot_code_any_case")


def test_the_catalog_code_migration_stops_on_codes_that_differ_only_in_case(story: JamStory) -> None:
    migrate("lots", BEFORE)  # lots 0004 depends on catalog 0004
    migrate("catalog", BEFORE)
    try:
        execute("UPDATE supplier SET ref = %s WHERE ref = %s", ["valley", "HILL"])
        with pytest.raises(CommandError) as stopped:
            migrate("catalog", AFTER)
        assert "VALLEY and valley (suppliers.csv)" in str(stopped.value)
        assert not index_exists("supplier_ref_any_case")
    finally:
        execute("UPDATE supplier SET ref = %s WHERE ref = %s", ["HILL", "valley"])
        migrate_all()
    assert index_exists("supplier_ref_any_case") and index_exists("lot_code_any_case")
