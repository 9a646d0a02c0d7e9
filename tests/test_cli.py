"""The `lotline` command itself: its help groups Lotline's commands, and a lookup starts light."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from lotline.cli import main
from lotline.clihelp import GROUPS, OTHERS, grouped, lotline_commands, summary
from lotline.testing import tell_jam_story


def help_of(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    main(list(argv))
    return capsys.readouterr().out


def test_lotline_help_lists_lotline_commands_in_groups_and_not_djangos(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of("help", capsys=capsys)
    titles = [line for line in out.splitlines() if line in GROUPS]
    assert titles == list(GROUPS)
    assert "  lookup            Find the lot behind any code" in out
    assert out.index("Look up and trace") < out.index("  lookup ") < out.index("Record") < out.index("  receive ")
    assert "flush" not in out and "startproject" not in out
    assert out.splitlines()[-1] == "`lotline help --all` lists every command."


def test_lotline_alone_and_lotline_dash_dash_help_print_the_same_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert help_of(capsys=capsys) == help_of("--help", capsys=capsys) == help_of("help", capsys=capsys)


def test_help_all_lists_djangos_commands_too(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of("help", "--all", capsys=capsys)
    assert {"    flush", "    startproject", "    lookup", "    migrate"} <= set(out.splitlines())


def test_help_of_one_command_is_that_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of("help", "lookup", capsys=capsys)
    assert out.startswith("usage: lotline lookup") and "Example: lotline lookup" in out


def test_every_lotline_command_has_a_group_and_every_grouped_command_exists() -> None:
    assert OTHERS not in grouped(), "add each command of 'Other commands' to a group in lotline/clihelp.py"
    assert [name for names in GROUPS.values() for name in names if name not in grouped_names()] == []
    assert set(lotline_commands()) <= grouped_names()


def grouped_names() -> set[str]:
    return {name for names in grouped().values() for name in names}


def test_a_command_is_summed_up_in_the_first_sentence_of_its_help() -> None:
    assert summary("lookup") == ("Find the lot behind any code: a batch code, a received lot code, a supplier's lot "
                                 "code (all lots that carry it) or a unit serial.")
    assert summary("export") == "Write every file of the import format (sites.csv ... holds.csv) into a folder."
    assert summary("demo").endswith("and create the web login owner / lotline-demo.")  # over two lines of help


# What a lookup must not load: the web app, the API (django-ninja, pydantic), spreadsheets (openpyxl),
# the import and the demo. With --json, not even the tables (rich).
NOT_FOR_A_LOOKUP = ["ninja", "pydantic", "openpyxl", "lotline.api.main", "lotline.web.views", "lotline.urls",
                    "lotline.imports.services", "lotline.demo.load", "rich.progress"]
# Runs `lotline ARGS...` and prints, as JSON, the modules it loaded (after its own output).
LOADED = """
import atexit, json, sys
from lotline.cli import main
atexit.register(lambda: print("\\nloaded:" + json.dumps(sorted(sys.modules))))
main(sys.argv[1:])
"""


def loaded_by(*argv: str) -> tuple[str, set[str]]:
    """What `lotline ARGV` printed and the modules it loaded, run on this test's database."""
    db = connection.settings_dict
    url = (f"sqlite:///{db['NAME']}" if connection.vendor == "sqlite" else
           f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {"DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out, _, modules = done.stdout.rpartition("\nloaded:")
    return out, set(json.loads(modules))


# Both lookups in one test: the lots must be committed for the lookup's own process to see them, and
# emptying the tables after a test that commits costs seconds on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_lookup_loads_neither_the_web_app_nor_the_api_nor_spreadsheets_and_with_json_no_tables() -> None:
    tell_jam_story()
    out, modules = loaded_by("lookup", "SJ-20260304-A-017")
    assert "SJ-20260304-A  (unit 17)" in out
    assert [name for name in NOT_FOR_A_LOOKUP if name in modules] == []
    assert "rich.table" in modules

    out, modules = loaded_by("lookup", "SJ-20260304-A-017", "--json")
    assert [(lot["code"], lot["unit_number"]) for lot in json.loads(out)["lots"]] == [("SJ-20260304-A", 17)]
    assert [name for name in [*NOT_FOR_A_LOOKUP, "rich"] if name in modules] == []


def test_the_garbage_collector_skips_lotlines_start_up_and_collects_while_a_command_runs(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from lotline.clihelp import Lotline
    from lotline.trace.management.commands.lookup import Command

    seen = []
    # Django reads the shell's completion request once set up, before it looks for the command.
    monkeypatch.setattr(Lotline, "autocomplete", lambda self: seen.append(("starts", gc.isenabled())))
    monkeypatch.setattr(Command, "handle_command", lambda self, **options: seen.append(("runs", gc.isenabled())))
    monkeypatch.setattr(gc, "freeze", lambda: seen.append(("freezes", gc.isenabled())))
    main(["lookup", "SJ-20260304-A-017"])
    assert seen == [("starts", False), ("freezes", False), ("runs", True)]
    monkeypatch.undo()
    help_of("help", "lookup", capsys=capsys)  # finds the command too: the real freeze, and after it
    assert gc.isenabled() and gc.get_freeze_count() == 0
    help_of("help", capsys=capsys)
    assert gc.isenabled()


def test_a_command_without_a_group_is_still_listed_under_other_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    from lotline import clihelp

    monkeypatch.setitem(clihelp.GROUPS, "The ledger", [])
    assert grouped()[OTHERS] == ["backup", "checkpoint", "restore", "verify"]
    others = clihelp.main_help(width=100).split("Other commands")[1]
    assert "\n  verify            Check that the event log is whole" in others


def test_a_file_that_cannot_be_written_is_named_without_a_traceback(demo_db, tmp_path):
    from django.core.management import CommandError, call_command

    target = tmp_path / "no" / "such" / "plan.pdf"
    with pytest.raises(CommandError, match=f"^cannot write {target}: No such file or directory"):
        call_command("plan", "--pdf", str(target))
