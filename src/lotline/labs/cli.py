"""`lotline results import|export|mapping`: the labs' part of the `lotline results` command.

The command (quality's management/commands/results.py) lists ACTIONS and mixes LabsActions in,
whose methods it finds by the action's name; each is a thin shell over lotline.labs.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand, as_date
from lotline.errors import LotlineError

IMPORT_EXAMPLE = 'lotline results import valley-march.csv --lab "Valley Labs" --dry-run'
EXPORT_EXAMPLE = "lotline results export --from 2026-03-01 --to 2026-03-31 --out march-results.csv"
MAPPING_EXAMPLE = ('lotline results mapping --lab "Valley Labs" --guess valley-march.csv '
                   '--column tested_on="Date Tested" --date-format MM/DD/YYYY')
FIELD_OPTIONS = {"lab": "--lab", "to": "--to", "from": "--from", "name": "--lab", "code": "--code",
                 "date_format": "--date-format", "delimiter": "--delimiter"}
SHOWN = 50  # results listed after an import


ACTIONS: dict[str, tuple[str, str]] = {  # action -> (summary, example), as the results command lists them
    "import": ("Import a lab's results CSV with the lab's saved mapping, all of it or nothing: each row a result, "
               "grouped by sample (or lot) and judged against the specs; a bad row is named by its line and the "
               "lab's column.", IMPORT_EXAMPLE),
    "export": ("Write every current lab result (corrections applied) as CSV: lot, item, sample, lab, analyte, "
               "method, result, unit, limit, spec, in spec, day tested, the certificate's SHA-256.", EXPORT_EXAMPLE),
    "mapping": ("Show a lab's column mapping, or save it (adding the lab the first time): which of the lab's "
                "columns holds each of our fields; --guess reads it from a first file, --column corrects a field, "
                "--dry-run shows it unsaved.", MAPPING_EXAMPLE),
}


def _actor(p: CommandParser) -> None:
    p.add_argument("--as", dest="actor", default=getpass.getuser(), help="who is acting (default: your login name)")


class LabsActions:
    """The results command's import, export and mapping actions (mixed into its Command)."""

    @staticmethod
    def _import_arguments(p: CommandParser) -> None:
        p.add_argument("file", metavar="FILE", help="the lab's CSV file (UTF-8)")
        p.add_argument("--lab", required=True, metavar="NAME", help="the lab (its name or code)")
        p.add_argument("--dry-run", action="store_true", help="check and judge every row, record nothing")
        _actor(p)

    @staticmethod
    def _export_arguments(p: CommandParser) -> None:
        p.add_argument("--from", dest="first", type=as_date, metavar="D", help="first day tested, YYYY-MM-DD")
        p.add_argument("--to", dest="last", type=as_date, metavar="D", help="last day tested (included)")
        p.add_argument("--lab", default="", metavar="NAME", help="only this lab's results (its name or code)")
        p.add_argument("--out", required=True, metavar="FILE", help="the file to write (- for the screen)")
        _actor(p)

    @staticmethod
    def _mapping_arguments(p: CommandParser) -> None:
        from .layout import BY_NAME, DATE_FORMATS

        p.add_argument("--lab", required=True, metavar="NAME", help="the lab (its name or code; a new lab: its name)")
        p.add_argument("--code", default="", metavar="CODE", help="a new lab's code (default: made from its name)")
        p.add_argument("--guess", metavar="FILE", help="guess the mapping from this file's header and first rows")
        p.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                       help=f"the lab's column for one of our fields ({', '.join(BY_NAME)}); repeat it; FIELD= "
                            "clears one")
        p.add_argument("--date-format", choices=list(DATE_FORMATS), help="how the lab writes dates")
        p.add_argument("--decimal-comma", choices=["yes", "no"], help="the lab writes 4,6 for 4.6")
        p.add_argument("--delimiter", choices=["comma", "semicolon", "tab"], help="what separates the values")
        p.add_argument("--dry-run", action="store_true", help="show the mapping it would save, save nothing")
        _actor(p)

    def _import(self, **o: Any) -> dict[str, Any]:
        return run(self, o)  # type: ignore[arg-type]

    _export = _mapping = _import

    def _import_tables(self, data: dict[str, Any]) -> None:
        show(self, data, "import")  # type: ignore[arg-type]

    def _export_tables(self, data: dict[str, Any]) -> None:
        show(self, data, "export")  # type: ignore[arg-type]

    def _mapping_tables(self, data: dict[str, Any]) -> None:
        show(self, data, "mapping")  # type: ignore[arg-type]


def run(command: RecordingCommand, o: dict[str, Any]) -> dict[str, Any]:
    """Run one of ACTIONS; its data for `show` (or --json)."""
    command.field_options = {**command.field_options, **FIELD_OPTIONS}
    return {"import": _import, "export": _export, "mapping": _mapping}[o["action"]](command, o)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None


def _import(command: RecordingCommand, o: dict[str, Any]) -> dict[str, Any]:
    from lotline.imports.report import ImportRefused

    from .services import import_results

    path = Path(o["file"])
    try:
        return import_results(_read(path), lab=o["lab"], actor=o["actor"], dry_run=o["dry_run"],
                              file=path.name).as_dict()
    except ImportRefused as refused:
        if o.get("json"):  # a script reads every problem, then the exit status
            command.stdout.write(json.dumps({"recorded": 0, "total": refused.total,
                                             "problems": [p.as_dict() for p in refused.problems]}, indent=2,
                                            ensure_ascii=False))
            raise SystemExit(1) from None
        lines = [f"  {p}" for p in refused.problems]
        raise CommandError("\n".join([refused.message, *lines])) from None


def _export(command: RecordingCommand, o: dict[str, Any]) -> dict[str, Any]:
    from .export import Selection, write_results

    selection = Selection(o.get("first"), o.get("last"), o["lab"])
    target = o["out"]
    if target == "-":
        screen: TextIO = command.stdout._out  # type: ignore[assignment]
        return {"file": "-", "results": write_results(selection, screen, actor=o["actor"])}
    part = Path(f"{target}.part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as out:
            count = write_results(selection, out, actor=o["actor"])
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, target)
    return {"file": target, "results": count}


def _mapping(command: RecordingCommand, o: dict[str, Any]) -> dict[str, Any]:
    from .layout import DELIMITERS, Layout, checked, guess
    from .queries import find_lab
    from .services import set_mapping

    try:
        current = find_lab(o["lab"])
    except LotlineError:  # a new lab: its mapping starts from the guess or from nothing
        current = None
    asked = any(o.get(k) for k in ("guess", "column", "date_format", "decimal_comma", "delimiter", "code"))
    if not asked:
        if current is None:
            find_lab(o["lab"])  # says there is no such lab
        assert current is not None
        return _shown(current.code, current.name, current.layout, saved=True, seq=current.seq)
    base = guess(_read(Path(o["guess"])).decode("utf-8-sig", "replace")) if o.get("guess") else (
        current.layout if current else Layout())
    columns = dict(base.columns)
    for pair in o["column"]:
        name, sep, column = pair.partition("=")
        if not sep:
            raise CommandError(f"--column {pair!r}: write FIELD=COLUMN, e.g. analyte=Test [bad_input]")
        columns[name.strip()] = column.strip()
    by_word = {word: d for d, word in DELIMITERS.items()}
    layout = Layout({k: v for k, v in columns.items() if v}, o.get("date_format") or base.date_format,
                    base.decimal_comma if o.get("decimal_comma") is None else o["decimal_comma"] == "yes",
                    by_word[o["delimiter"]] if o.get("delimiter") else base.delimiter)
    if o["dry_run"]:
        return _shown(current.code if current else "", current.name if current else o["lab"], checked(layout),
                      saved=False)
    saved = set_mapping(lab=o["lab"], layout=layout, code=o["code"], actor=o["actor"])
    return _shown(saved.code, saved.name, saved.layout, saved=True, seq=saved.seq)


def _shown(code: str, name: str, layout: Any, *, saved: bool, seq: int | None = None) -> dict[str, Any]:
    return {"lab": code, "name": name, **layout.as_dict(), "saved": saved, "event": seq}


def show(command: RecordingCommand, data: dict[str, Any], action: str) -> None:
    if action == "import":
        verb = "would be" if data["dry_run"] else "were"
        command.facts(f"{data['file']}: results of {data['lab']} "
                      f"{'checked (dry run: nothing recorded)' if data['dry_run'] else 'recorded'}", [
                          ("rows", data["rows"]), ("results", f"{data['recorded']} {verb} recorded"),
                          ("already recorded", data["unchanged"] or ""),
                          ("out of spec", data["out_of_spec"]), ("held", ", ".join(data["held"]) or "none"),
                          ("recall proposals", ", ".join(data["proposals"]) or "none")])
        command.grid("Results", ["line", "result", "lot", "sample", "analyte", "value", "unit", "in spec", "spec"],
                     [[r["line"], r["result"], r["lot"], r["sample"], r["analyte"],
                       r["text"] if r["value"] is None else r["value"], r["unit"],
                       {True: "yes", False: "NO", None: "no spec"}[r["in_spec"]], r["spec"]]
                      for r in data["results"][:SHOWN]])
    elif action == "export":
        if data["file"] != "-":
            n = data["results"]
            command.facts(f"{n} result{'' if n == 1 else 's'} written", [("file", data["file"])])
    else:
        from .layout import BY_NAME, DELIMITERS

        title = f"{data['name']} ({data['lab'] or 'new'}): " + (f"its mapping (event #{data['event']})"
                                                                if data["saved"] else "mapping (dry run: not saved)")
        command.facts(title, [("date format", data["date_format"]),
                              ("decimal comma", "yes" if data["decimal_comma"] else "no"),
                              ("delimiter", DELIMITERS[data["delimiter"]])])
        command.grid("Columns", ["our field", "the lab's column"],
                     [[f.label, data["columns"].get(f.name, "")] for f in BY_NAME.values()])
