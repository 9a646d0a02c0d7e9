"""Locations and products described as FSMA 204 splits them: the one-line address recorded before
is split by the migration and by a rebuild alike; a GLN must be one; an FTL category lists the item."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lotline.catalog.models import Item, Site, Supplier
from lotline.catalog.places import split_address
from lotline.catalog.services import add_records, update_record
from lotline.errors import LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.ledger.rebuild import rebuild

OLD_LINE = "15 Elm St, Millbrook, NY 12545, USA"
PARTS = {"address": "15 Elm St", "city": "Millbrook", "state": "NY", "zip_code": "12545", "country": "USA"}


@pytest.mark.parametrize(("line", "parts"), [
    (OLD_LINE, PARTS),
    ("Route 9, Valley", {"address": "Route 9", "city": "Valley"}),
    ("online", {"address": "online"}),
    ("Unit 4, 2 Dock Rd, Port Town, ME 04101-1234", {"address": "Unit 4, 2 Dock Rd", "city": "Port Town",
                                                     "state": "ME", "zip_code": "04101-1234"}),
])
def test_a_one_line_address_splits_into_street_city_state_zip_and_country_and_loses_nothing(line, parts):
    split = split_address(line)
    assert {k: v for k, v in split.items() if v} == parts
    joined = ", ".join(p for p in (split["address"], split["city"], f"{split['state']} {split['zip_code']}".strip(),
                                   split["country"]) if p)
    assert joined == line


def test_a_site_recorded_with_one_address_line_is_split_and_a_rebuild_gives_the_same_tables(db):
    with writing():
        record(EventKind.SITE_ADDED, {"sites": {"columns": ["code", "name", "address"],
                                                "rows": [["K9", "Old kitchen", OLD_LINE]]}}, actor="alice")
        record(EventKind.SUPPLIER_ADDED, {"suppliers": {"columns": ["ref", "name", "contact", "address"],
                                                        "rows": [["OLD", "Old Farm", "", "Farm Rd"]]}}, actor="alice")
        record(EventKind.CATALOG_UPDATED, {"entity": "supplier", "key": "OLD",
                                           "changes": {"address": "2 Hill Rd, Hillside, NY 12546"}}, actor="alice")
    site = Site.objects.get(code="K9")
    assert {k: getattr(site, k) for k in PARTS} == PARTS
    supplier = Supplier.objects.get(ref="OLD")
    assert (supplier.address, supplier.city, supplier.state, supplier.zip_code) == ("2 Hill Rd", "Hillside", "NY",
                                                                                     "12546")
    update_record("supplier", "OLD", {"address": "3 Hill Rd, Hillside"}, actor="alice")  # written now: as typed
    assert Supplier.objects.get(ref="OLD").address == "3 Hill Rd, Hillside"
    report = rebuild()
    assert report.differences == 0, report.tables


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_each_address_line_already_in_the_tables():
    add_records("customer", [{"ref": "GOOD", "name": "Good Earth", "kind": "store"}], actor="alice")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    before = ("catalog", "0004_codes_any_case")
    try:
        executor.migrate([before])
        with connection.cursor() as cur:
            cur.execute("UPDATE customer SET address = %s WHERE ref = 'GOOD'", [OLD_LINE])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cur:
        cur.execute("SELECT address, city, state, zip_code, country FROM customer WHERE ref = 'GOOD'")
        assert cur.fetchone() == tuple(PARTS.values())


def test_a_gln_must_have_13_digits_and_its_check_digit(db):
    with pytest.raises(LotlineError) as refused:
        add_records("site", [{"code": "K2", "name": "Second kitchen", "gln": "0614141000006"}], actor="alice")
    assert refused.value.code == "bad_gln" and refused.value.problems[0].field == "gln"
    add_records("site", [{"code": "K2", "name": "Second kitchen", "gln": "0614141000005"}], actor="alice")
    assert Site.objects.get(code="K2").gln == "0614141000005"


def test_an_item_in_a_category_of_the_food_traceability_list_is_on_the_list(db):
    add_records("item", [{"code": "CUKE", "name": "Cucumbers", "kind": "ingredient", "unit": "kg",
                          "ftl_category": "cucumbers", "commodity": "cucumbers", "pack_style": "case"}], actor="alice")
    cuke = Item.objects.get(code="CUKE")
    assert cuke.on_traceability_list and cuke.ftl_category == "cucumbers" and cuke.pack_style == "case"
    with pytest.raises(LotlineError) as refused:
        add_records("item", [{"code": "KALE", "name": "Kale", "kind": "ingredient", "unit": "kg",
                              "ftl_category": "kale"}], actor="alice")
    assert refused.value.problems[0].field == "ftl_category"
