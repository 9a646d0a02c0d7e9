"""Finding suppliers, customers and items the way people name them."""

from __future__ import annotations

import pytest

from lotline.catalog.models import ItemKind
from lotline.catalog.queries import find_customer, find_item, find_site, find_supplier
from lotline.catalog.services import add_supplier
from lotline.errors import LotlineError


def test_a_supplier_is_found_by_its_ref_or_its_name_in_any_case(jam_catalog: None) -> None:
    assert find_supplier("VALLEY").name == "Valley Farm"
    assert find_supplier("valley").name == "Valley Farm"
    assert find_supplier("  valley   farm ").ref == "VALLEY"


def test_a_unique_part_of_a_name_is_enough(jam_catalog: None) -> None:
    assert find_supplier("hillside").ref == "HILL"
    assert find_customer("good earth").ref == "GOODEARTH"


def test_a_whole_name_wins_over_names_that_contain_it(jam_catalog: None) -> None:
    add_supplier("VALLEY2", "Valley Farm 2", actor="alice")
    assert find_supplier("Valley Farm").ref == "VALLEY"


def test_a_name_that_fits_several_suppliers_is_refused_with_the_candidates(jam_catalog: None) -> None:
    with pytest.raises(LotlineError) as caught:
        find_supplier("o")
    assert caught.value.code == "ambiguous_supplier" and caught.value.field == "supplier"
    message = caught.value.message
    assert "COSTCO (Costco Main St)" in message and "HILL (Hillside Orchard)" in message


def test_an_unknown_supplier_is_named_in_the_error(jam_catalog: None) -> None:
    with pytest.raises(LotlineError, match="Sunny Acres") as caught:
        find_supplier("Sunny Acres")
    assert caught.value.code == "unknown_supplier"


def test_an_empty_name_is_refused(jam_catalog: None) -> None:
    with pytest.raises(LotlineError, match="name the customer"):
        find_customer("  ")


def test_an_item_is_found_by_code_or_name(jam_catalog: None) -> None:
    assert find_item("straw").code == "STRAW"
    assert find_item("strawberry jam", kind=ItemKind.PRODUCT).code == "SJ"


def test_an_ingredient_named_where_a_product_is_wanted_is_refused_not_guessed(jam_catalog: None) -> None:
    with pytest.raises(LotlineError) as caught:
        find_item("straw", kind=ItemKind.PRODUCT)  # must not become Strawberry jam
    assert caught.value.code == "not_a_product"
    with pytest.raises(LotlineError, match="not an ingredient"):
        find_item("SJ", kind=ItemKind.INGREDIENT)


def test_a_site_is_found_by_code_or_name(jam_catalog: None) -> None:
    assert find_site("k1").code == "K1"
    assert find_site("home kitchen").code == "K1"
