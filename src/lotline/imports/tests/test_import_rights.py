"""Who may import what: the files of the owner's catalog (and recipes) are refused to staff, each by
name, before a row is read; lots may be imported by anyone who may record at every site."""

from __future__ import annotations

import pytest

from lotline.accounts.services import add_person
from lotline.errors import Forbidden
from lotline.imports.services import import_dir
from lotline.ledger.models import Event
from lotline.testing import ACTOR

from .csvs import ALL, CATALOG, LOTS, write

pytestmark = pytest.mark.django_db

RECIPES = {"recipes.csv": """
    product_code,batch_quantity,ingredient_code,quantity,unit
    SJ,40,STRAW,8,kg
"""}
EQUIPMENT = {"equipment.csv": """
    equipment_code,name
    KETTLE2,Kettle 2
"""}
OWNERS_FILES = ["sites.csv", "suppliers.csv", "customers.csv", "items.csv", "equipment.csv", "recipes.csv"]


def test_staff_may_not_import_the_owners_files_and_each_is_named(tmp_path, staff):
    folder = write(tmp_path, ALL | EQUIPMENT | RECIPES)
    with pytest.raises(Forbidden) as caught:
        import_dir(folder, actor="sam")
    assert [p.where for p in caught.value.problems] == OWNERS_FILES
    assert "staff may not import sites.csv" in caught.value.problems[0].message
    assert not Event.objects.exists()


@pytest.mark.parametrize("file", OWNERS_FILES)
def test_staff_are_refused_any_one_of_the_owners_files(tmp_path, staff, file):
    files = CATALOG | EQUIPMENT | RECIPES
    import_dir(write(tmp_path / "catalog", files), actor=ACTOR)  # the catalog, from the operator
    before = Event.objects.count()
    with pytest.raises(Forbidden, match=f"staff may not import {file}"):
        import_dir(write(tmp_path / "one", {file: files[file]}), actor="sam")
    assert Event.objects.count() == before


def test_staff_import_lots_once_an_owner_has_imported_the_catalog(tmp_path, owner, staff):
    import_dir(write(tmp_path / "catalog", CATALOG), actor="olivia")
    report = import_dir(write(tmp_path / "lots", LOTS), actor="sam")
    assert report.added == 10 and Event.objects.filter(actor="sam").exists()


def test_an_auditor_may_not_import_anything(tmp_path, auditor):
    with pytest.raises(Forbidden, match="an auditor may not record"):
        import_dir(write(tmp_path, LOTS), actor="ada")


def test_staff_limited_to_a_site_may_not_import(tmp_path, jam_catalog):
    add_person("kim", "kim-password", role="staff", sites=["K1"], actor=ACTOR)
    with pytest.raises(Forbidden, match="an import records at any site"):
        import_dir(write(tmp_path, LOTS), actor="kim")
