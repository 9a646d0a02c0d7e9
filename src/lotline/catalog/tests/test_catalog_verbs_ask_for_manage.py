"""Adding to the catalog and setting recipes take the right to manage, whoever calls the verb
(a page, the API, `lotline add --as`, an import): staff and auditors are refused, nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.catalog.recipes import RecipeLineIn, set_recipe
from lotline.catalog.services import add_records, update_record
from lotline.errors import Forbidden
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db

NEW = {
    "site": {"code": "K2", "name": "Market kitchen"},
    "supplier": {"ref": "NEWFARM", "name": "New farm"},
    "customer": {"ref": "MAPLEST", "name": "Maple Street Grocer", "kind": "store"},
    "item": {"code": "LEMON", "name": "Lemon juice", "kind": "ingredient", "unit": "l"},
    "equipment": {"code": "KETTLE2", "name": "Kettle 2"},
}


@pytest.mark.parametrize("entity", list(NEW))
def test_staff_may_not_add_to_the_catalog(jam_catalog, staff, entity):
    before = Event.objects.count()
    with pytest.raises(Forbidden, match="staff may not manage"):
        add_records(entity, [NEW[entity]], actor="sam")
    assert Event.objects.count() == before


@pytest.mark.parametrize("entity", list(NEW))
def test_an_owner_and_the_machines_operator_may(jam_catalog, owner, entity):
    actor = "olivia" if entity in ("site", "item") else "alice"  # alice is no person's name
    assert add_records(entity, [NEW[entity]], actor=actor) == 1


def test_an_auditor_may_not_change_a_catalog_record(jam_catalog, auditor):
    with pytest.raises(Forbidden, match="an auditor may not manage"):
        update_record("supplier", "VALLEY", {"name": "Renamed"}, actor="ada")


def test_staff_may_not_set_a_recipe(jam_catalog, staff):
    with pytest.raises(Forbidden, match="staff may not manage"):
        set_recipe("SJ", [RecipeLineIn("STRAW", Decimal(8), "kg")], batch_quantity=Decimal(40), actor="sam")
