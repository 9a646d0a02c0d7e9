"""The same rules whichever way a record comes in: the web pages (with the import page), the API,
the `lotline` commands and a folder of CSV files all call the same verbs, so they refuse the same
things with the same error, on SQLite and PostgreSQL alike, and write nothing.

Staff may record but not manage: a site added by a member of staff is refused at every door. A name
longer than a name holds is refused at every door.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import create_token
from lotline.catalog.models import Site
from lotline.imports.report import ImportRefused
from lotline.imports.services import import_dir
from lotline.ledger.models import Event

pytestmark = pytest.mark.django_db


def web_import(user: Any, files: dict[str, str]) -> Any:
    client = Client()
    client.force_login(user)
    uploads = [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files.items()]
    return client.post(reverse("import"), {"files": uploads})


def api_post(user: Any, url: str, body: dict[str, Any]) -> Any:
    token = create_token(user, "script").token
    return Client().post(url, json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_staff_may_not_add_a_site_through_any_door(jam_catalog: None, staff: Any) -> None:
    before = Event.objects.count()
    page = web_import(staff, {"sites.csv": "site_code,name\nK2,Market kitchen\n"})
    assert page.status_code == 403 and "staff may not import sites.csv" in page.content.decode()
    answer = api_post(staff, "/api/sites", {"code": "K2", "name": "Market kitchen"})
    assert answer.status_code == 403 and answer.json()["message"] == "staff may not manage"
    with pytest.raises(CommandError, match="staff may not manage"):
        cli("add", "site", "K2", "Market kitchen", "--as", "sam")
    assert Event.objects.count() == before and not Site.objects.filter(code="K2").exists()


def test_the_machines_operator_may_add_a_site_from_the_command_line(jam_catalog: None, staff: Any) -> None:
    cli("add", "site", "K2", "Market kitchen", "--as", "root")  # root is no person: the operator
    assert Event.objects.latest("seq").actor == "root"


# A supplier's name holds 120 characters. SQLite would store 121 and PostgreSQL answer with a server
# error; every door refuses it first, on both, with the same code, field and words.
NAME_121 = "Valley Farm " + "x" * 109
TOO_LONG = "at most 120 characters (this has 121)"


def test_a_121_character_name_is_refused_the_same_way_through_every_door(jam_catalog: None, owner: Any,
                                                                         tmp_path: Any) -> None:
    before = Event.objects.count()
    client = Client()
    client.force_login(owner)
    page = client.post(reverse("catalog_add", args=["suppliers"]), {"ref": "LONG", "name": NAME_121})
    assert page.status_code == 400 and TOO_LONG in page.content.decode()

    answer = api_post(owner, "/api/suppliers", {"ref": "LONG", "name": NAME_121})
    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["field"], answer.json()["message"]) == ("too_long", "name", TOO_LONG)

    with pytest.raises(CommandError, match=rf"^NAME: {re.escape(TOO_LONG)} \[too_long\]$"):
        cli("add", "supplier", "LONG", NAME_121, "--as", "olivia")

    (tmp_path / "suppliers.csv").write_text(f"supplier_id,name\nLONG,{NAME_121}\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_dir(tmp_path, actor="olivia")
    assert [(p.file, p.line, p.column, p.code, p.reason) for p in refused.value.rows] == [
        ("suppliers.csv", 2, "name", "too_long", TOO_LONG)]

    page = web_import(owner, {"suppliers.csv": f"supplier_id,name\nLONG,{NAME_121}\n"})
    assert page.status_code == 400 and TOO_LONG in page.content.decode()
    assert Event.objects.count() == before
