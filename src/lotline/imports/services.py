"""Importing a folder of spreadsheets (CSV files): every row is checked before anything is written.

Everything happens in one ledger transaction: catalog rows are recorded first (so the lot rules can
see the items, suppliers and customers they name), then the lot files are staged and checked; if
any problem was found anywhere the transaction rolls back and nothing at all is recorded.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, transaction

from lotline.accounts.rights import Right, require
from lotline.catalog.services import check_records, write_records
from lotline.catalog.specs import SPECS, Kind
from lotline.errors import ErrorCode, Forbidden, Problem
from lotline.ledger.log import writing
from lotline.ledger.models import ChainHead
from lotline.lots.stage import Source, Stage, emit_chunked, validate
from lotline.lots.stage.rules import Findings

from .csvfiles import BY_NAME, FORMATS, FileFormat, check_header, csv_problem, data_rows, find_files, open_csv
from .later import RECORDERS
from .lotrows import LOT_FILES, picker
from .report import CappedProblems, FileCount, ImportRefused, ImportReport, locate
from .tuning import indexes_built_after, refresh_statistics, sorting, tuned_for_import

TRUE_OR_FALSE = {"", "1", "0", "true", "false", "yes", "no", "y", "n", "x"}


class Progress(Protocol):
    """Where an import reports how far it got (the command draws a progress bar from it, a
    background job a bar on the page): each phase with its total in `unit` ("bytes" or "rows";
    None when it cannot be known), then the amount done as it goes."""

    def phase(self, label: str, total: int | None, unit: str = "") -> None: ...

    def advance(self, amount: int) -> None: ...


class _Silent:
    def phase(self, label: str, total: int | None, unit: str = "") -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


@dataclass(frozen=True)
class _File:
    fmt: FileFormat
    path: Path
    positions: dict[str, int]  # column -> position in the row
    width: int  # values in the header


def import_dir(path: str | Path, *, actor: str, allow_overdraw: bool = False, dry_run: bool = False,
               progress: Progress | None = None,
               recorded: Callable[[ImportReport], None] | None = None) -> ImportReport:
    """Import the CSV files of a folder (any of them); refuse them all if any row is wrong.

    Rows already recorded exactly as written are skipped, so importing the same files twice adds
    nothing. With `allow_overdraw`, lots that give out more than they hold are warnings, not errors.
    `recorded(report)` runs inside the import's transaction once every row is written (not on a
    dry run): what it writes (a background job's outcome) commits with the rows or not at all.
    """
    progress = progress or _Silent()
    files = _open_folder(Path(path))
    _may_import(actor, files)
    report = ImportReport(dry_run=dry_run)
    progress.phase("Reading files", sum(f.path.stat().st_size for f in files), "bytes")
    with tuned_for_import(), writing():
        first_event = _chain_end()
        problems = _import_catalog([f for f in files if f.fmt.entity], report, actor=actor, progress=progress)
        stage = Stage()
        stage.problems = CappedProblems()
        lost: set[str] = set()
        for f in files:
            if not f.fmt.entity and not f.fmt.later:
                _stage_file(stage, f, lost, progress)
        progress.phase("Checking rows", None)
        with sorting():
            findings = validate(stage, allow_overdraw=allow_overdraw)
        _quiet_echoes(stage, lost)
        total = len(problems) + stage.problems.total
        if total:
            raise ImportRefused(_in_file_order(problems + list(stage.problems)), total)
        _count_lot_rows(stage, findings, report)
        report.warnings = [locate(w) for w in findings.warnings]
        report.warning_counts = dict(findings.warning_counts)
        report.overdrawn_lots = findings.skipped.get("overdrawn_lots", 0)
        later = [f for f in files if f.fmt.later]
        if dry_run and not later:  # else the lots are written, for the later rows to be checked against
            transaction.set_rollback(True)
            return report
        progress.phase("Writing events", sum(c.added for c in report.files if not BY_NAME[c.file].entity), "rows")
        with indexes_built_after(_rows_added(report)):
            emit_chunked(stage, actor=actor, progress=progress.advance)
        _record_later(later, report, actor=actor, progress=progress)
        report.events = _chain_end() - first_event
        if dry_run:
            transaction.set_rollback(True)
            return report
        if recorded:
            recorded(report)
    refresh_statistics(_rows_added(report))
    return report


# The read table each lot file's rows end up in
READ_TABLES = {"receipts.csv": "lot", "batches.csv": "lot", "batch_inputs.csv": "lot_input",
               "shipments.csv": "shipment"}


def _rows_added(report: ImportReport) -> dict[str, int]:
    added: dict[str, int] = {}
    for c in report.files:
        if c.file in READ_TABLES:
            added[READ_TABLES[c.file]] = added.get(READ_TABLES[c.file], 0) + c.added
    return added


def _may_import(actor: str, files: list[_File]) -> None:
    """Refuse, before a row is read, an import the person may not make.

    An import records lots at any site its rows name, so staff who record only at some sites may not
    import at all; the catalog files and recipes.csv take the right to manage, as their verbs do.
    """
    person = require(actor, Right.RECORD)
    if person.sites is not None:
        raise Forbidden(f"staff who record only at {', '.join(sorted(person.sites))} may not import: "
                        "an import records at any site")
    refused = [f.fmt.name for f in files if not person.may(f.fmt.right)]
    if refused:
        problems = [Problem(ErrorCode.FORBIDDEN, f"{person.described} may not import {name}: only an owner adds to the "
                            "catalog and sets recipes; leave the file out, or ask an owner to import it", "", name)
                    for name in refused]
        raise Forbidden(f"{person.described} may not import {', '.join(refused)}: nothing was "
                        "imported", problems=problems)


def _chain_end() -> int:
    head = ChainHead.objects.filter(pk=1).first()
    return head.seq if head else 0


def _open_folder(folder: Path) -> list[_File]:
    """The files to import with their headers checked; refuse at once when a file or header is wrong."""
    found, problems = find_files(folder)
    files = []
    for fmt, path in found:
        try:
            with open_csv(fmt, path) as csv_file:
                header = csv_file.header()
        except UnicodeDecodeError:
            problems.append(Problem(ErrorCode.NOT_UTF8, "the file is not UTF-8 text; save it as CSV UTF-8", "",
                                    fmt.name, 1))
            continue
        except csv.Error as exc:
            line, column, code, reason = csv_problem(exc, 1)
            problems.append(Problem(code, reason, column, fmt.name, line))
            continue
        positions, wrong = check_header(fmt, header)
        problems += wrong
        files.append(_File(fmt, path, positions, len(header)))
    if problems:
        raise ImportRefused(problems, len(problems))
    return files


def _reporter(file: str, problems: list) -> Callable[[int, str, ErrorCode, str], None]:
    def bad(line: int, column: str, code: ErrorCode, reason: str) -> None:
        problems.append(Problem(code, reason, column, file, line))
    return bad


def _import_catalog(files: list[_File], report: ImportReport, *, actor: str, progress: Progress) -> list[Problem]:
    """Check and record the catalog files (small: read whole); return the problems found."""
    problems: list[Problem] = []
    for f in files:
        bad = _reporter(f.fmt.name, problems)
        fields = [(f.fmt.columns[column], i) for column, i in f.positions.items()]
        flags = [field.name for field in SPECS[f.fmt.entity].fields if field.kind == Kind.FLAG]
        with open_csv(f.fmt, f.path, progress.advance) as csv_file:
            csv_file.header()
            rows = [_catalog_row(fields, flags, line, values, bad)
                    for line, values in data_rows(csv_file, f.width, bad)]
        checked = check_records(f.fmt.entity, rows, file=f.fmt.name, row_label="line")
        problems += [replace(p, field=f.fmt.column_of(p.field)) for p in checked.problems]
        added = write_records(checked, actor=actor, source=f.fmt.name)
        report.files.append(FileCount(f.fmt.name, len(rows), added, checked.unchanged))
    return problems


def _catalog_row(fields: list[tuple[str, int]], flags: list[str], line: int, values: list[str],
                 bad: Callable[[int, str, ErrorCode, str], None]) -> dict[str, Any]:
    row: dict[str, Any] = {name: values[i] for name, i in fields}
    for name in flags:
        flag = row.get(name)
        if flag is not None and flag.lower() not in TRUE_OR_FALSE:
            bad(line, name, ErrorCode.BAD_CHOICE, f"{flag!r} is not yes or no")
    return row | {"line": line}


def _record_later(files: list[_File], report: ImportReport, *, actor: str, progress: Progress) -> None:
    """Record the recipes, discards and holds (imports/later.py); refuse the whole import on any problem."""
    if not files:
        return
    progress.phase("Recording recipes, discards and holds", sum(f.path.stat().st_size for f in files), "bytes")
    problems: list[Problem] = []
    for f in sorted(files, key=lambda f: list(RECORDERS).index(f.fmt.name)):
        bad = _reporter(f.fmt.name, problems)
        columns = list(f.positions)
        with open_csv(f.fmt, f.path, progress.advance) as csv_file:
            csv_file.header()
            rows = [(line, {c: values[f.positions[c]] for c in columns})
                    for line, values in data_rows(csv_file, f.width, bad)]
        outcome = RECORDERS[f.fmt.name](rows, actor)
        problems += outcome.problems
        report.files.append(FileCount(f.fmt.name, len(rows), outcome.added, outcome.unchanged))
    if problems:
        raise ImportRefused(_in_file_order(problems), len(problems))


def _stage_file(stage: Stage, f: _File, lost: set[str], progress: Progress) -> None:
    """Stream one lot file into the staging tables; a row that cannot be read is reported, not staged."""
    columns, loop, add = LOT_FILES[f.fmt.name]
    source = Source(name=f.fmt.name, columns=f.fmt.stage_columns(), row_label="line")
    src = stage.source(source)
    bad = _reporter(f.fmt.name, stage.problems)
    with open_csv(f.fmt, f.path, progress.advance) as csv_file:
        csv_file.header()
        rows = data_rows(csv_file, f.width, bad, picker(columns, f.positions, f.width))
        add(stage, src, loop(rows, bad, lost))


# (problem code, file) -> the staging table and column holding the code it could not find
ECHOES = {(ErrorCode.UNKNOWN_LOT, "batch_inputs.csv"): ("stage_input", "input_code"),
          (ErrorCode.UNKNOWN_BATCH, "batch_inputs.csv"): ("stage_input", "batch_code"),
          (ErrorCode.UNKNOWN_LOT, "shipments.csv"): ("stage_shipment", "lot_code")}


def _quiet_echoes(stage: Stage, lost: set[str]) -> None:
    """Drop 'unknown lot' problems about lots whose own row was unreadable (and already reported)."""
    if not lost:
        return
    sources = {s.name: i for i, s in enumerate(stage.sources)}
    echoes: set[tuple[str, int]] = set()
    codes = sorted(lost)
    with connection.cursor() as cur:
        for (_code, file), (table, column) in ECHOES.items():
            if file not in sources:
                continue
            # a few large IN lists: each query reads the whole staging table (it has no index on these)
            for start in range(0, len(codes), 5000):
                chunk = codes[start:start + 5000]
                cur.execute(f"SELECT line FROM {table} WHERE src = %s AND {column} IN "  # fixed names
                            f"({', '.join(['%s'] * len(chunk))})", [sources[file], *chunk])
                echoes |= {(file, line) for (line,) in cur.fetchall()}
    keep = []
    for p in stage.problems:
        place = locate(p)
        if not ((p.code, place.file) in ECHOES and (place.file, place.line) in echoes):
            keep.append(p)
    stage.problems[:] = keep


def _count_lot_rows(stage: Stage, findings: Findings, report: ImportReport) -> None:
    """Rows staged per file, and how many of them were already recorded (identical, so skipped).

    Inputs and shipments each come from one file, so validation's counts say it; receipts and
    batches share the staged lots and are told apart by source.
    """
    lots: dict[int, list[int]] = {}
    with connection.cursor() as cur:
        cur.execute("SELECT src, COUNT(*), SUM(skip) FROM stage_lot GROUP BY src")
        for src, rows, skipped in cur.fetchall():
            lots[src] = [rows, int(skipped or 0)]
    for src, source in enumerate(stage.sources):
        table = {"batch_inputs.csv": "inputs", "shipments.csv": "shipments"}.get(source.name)
        if table:
            rows, skipped = stage.counts[table], findings.skipped.get(table, 0)
        else:
            rows, skipped = lots.get(src, [0, 0])
        report.files.append(FileCount(source.name, rows, rows - skipped, skipped))


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    order = {fmt.name: i for i, fmt in enumerate(FORMATS)}

    def key(p: Problem) -> tuple[int, int]:
        place = locate(p)
        return order.get(place.file, len(order)), place.line or 0

    return sorted(problems, key=key)
