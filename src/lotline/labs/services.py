"""The labs' verbs: saving a lab's mapping, and importing a lab's results file with it.

An import reads every row with the lab's layout (reading.py), groups the rows by the sample (or lot)
they are results of, and records each group with quality's `record_results`, all inside ONE outer
ledger.writing(): a file is recorded whole or not at all. Each group runs in a savepoint of its own,
so a refused group does not stop the others being tried, and every problem of the file is found at
once; a dry run does all of it (the specs judged, the holds worked out) and rolls it back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from lotline.accounts.rights import Right, require
from lotline.codes import code_problem
from lotline.errors import ErrorCode, Forbidden, LotlineError, Problem
from lotline.imports.report import ImportRefused
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long

from .layout import Layout, checked
from .models import LENGTHS, Lab
from .queries import LabView, find_lab
from .reading import LabRow, read_rows

# a field record_results names -> ours (the lab's column is then the layout's for it)
VERB_FIELDS = {"value": "result", "text": "result"}


def lab_code(name: str) -> str:
    """A code made from a lab's name: "Valley Labs (Fresno)" -> "VALLEY-LABS-FRESNO"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").upper()[:LENGTHS["code"]].rstrip("-")


def set_mapping(*, lab: str, layout: Layout, name: str = "", code: str = "", adding: bool = False,
                actor: str) -> LabView:
    """Save a lab's layout (adding the lab the first time): an owner's setting, kept as an event.

    `lab` names the lab (its name or code); a new lab is called `name` (else `lab`) with the code
    `code` (else one made from its name); `adding` refuses a lab that exists (the "Add a lab" form).
    Saving the same mapping again records nothing.
    """
    who = require(actor, Right.MANAGE)
    layout = checked(layout)
    with writing():  # the chain's end held first: two owners adding the same lab at once queue
        try:
            existing: LabView | None = find_lab(lab)
        except LotlineError as error:
            if error.code != ErrorCode.UNKNOWN_LAB:
                raise
            existing = None
        if adding and existing:
            raise LotlineError(ErrorCode.DUPLICATE_CODE, f"there is a lab called {existing.name} ({existing.code}) "
                               "already: change its mapping on its page", field="name")
        name = (name or "").strip() or (existing.name if existing else lab.strip())
        code = existing.code if existing else (code.strip() or lab_code(name))
        _check_names(name, code, existing)
        if existing and (existing.name, existing.layout) == (name, layout):
            return existing
        record(EventKind.LAB_MAPPING_SET, {"lab": code, "name": name, **layout.as_dict(), "by": who.name},
               actor=who.name, subject=code)
        return find_lab(code)


def _check_names(name: str, code: str, existing: LabView | None) -> None:
    if reason := too_long(name, LENGTHS["name"]):
        raise LotlineError(ErrorCode.TOO_LONG, f"a lab's name has {reason}", field="name")
    if wrong := code_problem(code, max_length=LENGTHS["code"], what="a lab's code"):
        raise LotlineError(wrong[0], wrong[1], field="code")
    if not code:
        raise LotlineError(ErrorCode.MISSING, "give the lab a code of letters and digits", field="code")
    others = Lab.objects.exclude(code=existing.code) if existing else Lab.objects.all()
    for other_code, other_name in others.values_list("code", "name"):
        if other_name.casefold() == name.casefold():
            raise LotlineError(ErrorCode.DUPLICATE_CODE, f"another lab ({other_code}) is called {other_name}",
                               field="name")
        if not existing and other_code.upper() == code.upper():
            raise LotlineError(ErrorCode.DUPLICATE_CODE, f"the code {code} is another lab's ({other_name}): give "
                               "this lab another code", field="code")


@dataclass(frozen=True)
class ImportedResult:
    """One row of the file as it was (or, in a dry run, would be) recorded."""

    line: int
    result: str  # LR-n (in a dry run, the number it would have taken)
    lot: str
    sample: str
    analyte: str
    value: Decimal | None
    text: str
    unit: str
    in_spec: bool | None
    spec: str


@dataclass
class ResultsImport:
    """What a lab's file came to: its results (each judged), the lots held, the proposals made."""

    lab: str
    file: str
    dry_run: bool
    rows: int = 0
    unchanged: int = 0  # rows recorded before exactly so (skipped)
    results: list[ImportedResult] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    events: list[int] = field(default_factory=list)

    @property
    def out_of_spec(self) -> int:
        return sum(1 for r in self.results if r.in_spec is False)

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "recorded": len(self.results), "out_of_spec": self.out_of_spec}


class _DryRun(Exception):
    pass


def import_results(data: bytes, *, lab: str, actor: str, dry_run: bool = False, file: str = "results.csv"
                   ) -> ResultsImport:
    """Import a lab's results file with the lab's saved mapping: all of it, or nothing.

    ImportRefused lists every problem at its line and the lab's column name.
    """
    who = require(actor, Right.RECORD)
    the_lab = find_lab(lab)
    rows, problems = read_rows(data, the_lab.layout, file=file)
    if not rows and not problems:
        problems.append(Problem(ErrorCode.MISSING, "the file has no results under its header: is it the right file?",
                                "", file, 2))
    done = ResultsImport(the_lab.name, file, dry_run, rows=len(rows))
    return _recorded(rows, problems, the_lab, done, actor=who.name, layout=the_lab.layout)


def results_of_rows(rows: Sequence[LabRow], *, lab: str, actor: str, dry_run: bool = False) -> ResultsImport:
    """Rows given as data (the API's JSON, each row's `line` its place: result 2), recorded like a file's: all
    of them, or none; a problem names the row and the JSON field."""
    who = require(actor, Right.RECORD)
    the_lab = find_lab(lab)
    if not rows:
        raise LotlineError(ErrorCode.MISSING, "send at least one result", field="results")
    done = ResultsImport(the_lab.name, "", dry_run, rows=len(rows))
    return _recorded(list(rows), [], the_lab, done, actor=who.name, layout=None)


def _recorded(rows: list[LabRow], problems: list[Problem], lab: LabView, done: ResultsImport, *, actor: str,
              layout: Layout | None) -> ResultsImport:
    """Every group recorded inside one writing(), kept only when no problem was found anywhere (not on a dry run)."""
    try:
        with writing():
            problems = problems + _record_groups(_groups(rows), lab, done, actor=actor, file=done.file, layout=layout)
            if problems:
                raise ImportRefused(sorted(problems, key=lambda p: p.row or 0), len(problems))
            if done.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return done


def _groups(rows: list[LabRow]) -> list[list[LabRow]]:
    """The rows by what they are results of (the sample, else the lot; a sample's rows naming two lots are two
    groups, the wrong one refused), in the file's order."""
    grouped: dict[tuple[str, str], list[LabRow]] = {}
    for row in rows:
        grouped.setdefault((row.sample.casefold(), row.lot.casefold()), []).append(row)
    return list(grouped.values())


def _record_groups(groups: list[list[LabRow]], lab: LabView, done: ResultsImport, *, actor: str,
                   file: str, layout: Layout | None) -> list[Problem]:
    """Record each group in a savepoint of its own; return the problems of those refused."""
    from lotline.quality.services import ResultLine, record_results

    problems: list[Problem] = []
    for group in groups:
        recorded_before = _recorded_before(group[0], lab.name)
        rows = [r for r in group if _key(r) not in recorded_before]
        done.unchanged += len(group) - len(rows)
        if not rows:
            continue
        first = rows[0]
        lines = [ResultLine(r.analyte, r.method, r.value, r.text, r.unit, r.limit, r.tested_on) for r in rows]
        try:
            with transaction.atomic():
                recorded = record_results(lab=lab.name, results=lines, sample=first.sample, lot=first.lot,
                                          actor=actor)
        except Forbidden:
            raise  # the person's rights, not the file: 403 for the whole of it
        except LotlineError as error:
            problems += _each_row(rows, error, lab, actor=actor, file=file, layout=layout)
            continue
        done.events.append(recorded.seq)
        done.held += [code for code in recorded.held if code not in done.held]
        if recorded.proposal:
            done.proposals.append(recorded.proposal)
        for row, view in zip(rows, recorded.results, strict=True):
            done.results.append(ImportedResult(row.line, view.result, view.lot, view.sample, view.analyte,
                                               view.value, view.text, view.unit, view.in_spec, view.spec))
    return problems


class _TriedAlone(Exception):
    pass


def _each_row(rows: list[LabRow], error: LotlineError, lab: LabView, *, actor: str, file: str,
              layout: Layout | None) -> list[Problem]:
    """The problems of a refused group, row by row: the verb stops at a group's first bad result, so each row
    of it is tried alone (and rolled back) to name every bad one; the group's own refusal when none fails alone
    (or when it is about what was tested, which every row shares)."""
    from lotline.quality.services import ResultLine, record_results

    if len(rows) == 1 or error.field in ("sample", "lot", "lab"):
        return [_at(p, rows, layout, file) for p in error.problems]
    found: list[Problem] = []
    for row in rows:
        try:
            with transaction.atomic():
                record_results(lab=lab.name, sample=row.sample, lot=row.lot, actor=actor, results=[
                    ResultLine(row.analyte, row.method, row.value, row.text, row.unit, row.limit, row.tested_on)])
                raise _TriedAlone
        except _TriedAlone:
            pass
        except LotlineError as alone:
            found += [_at(p, [row], layout, file) for p in alone.problems]
    return found or [_at(p, rows, layout, file) for p in error.problems]


Key = tuple[str, str, Decimal | None, str, str, str, dt.date | None]


def _key(row: LabRow) -> Key:
    return (row.analyte.casefold(), row.method, row.value.normalize() if row.value is not None else None, row.text,
            row.unit, row.limit, row.tested_on)


def _recorded_before(row: LabRow, lab: str) -> set[Key]:
    """The current results of the lab for the row's sample (else its lot, with no sample): a row already
    recorded exactly so is skipped, so a file sent twice (or a lab's cumulative file) adds nothing twice."""
    from lotline.quality.models import LabResult

    found = LabResult.objects.filter(corrected_by__isnull=True, lab__iexact=lab)
    found = (found.filter(sample__code__iexact=row.sample) if row.sample
             else found.filter(lot__code__iexact=row.lot, sample__isnull=True))
    return {(analyte.casefold(), method, value.normalize() if value is not None else None, text, unit, limit, tested)
            for analyte, method, value, text, unit, limit, tested in found.values_list(
                "analyte", "method", "value", "text", "unit", "lab_limit", "tested_on")}


def _at(problem: Problem, rows: list[LabRow], layout: Layout | None, file: str) -> Problem:
    """A verb's problem at the file's line and the lab's column: a result's (result 2) or the group's first.
    Without a layout (the API's JSON) the row is the n-th result and the field keeps its JSON name."""
    row = rows[problem.row - 1] if problem.row and problem.row_label == "result" and problem.row <= len(rows) \
        else rows[0]
    if layout is None:
        field = "lot" if problem.field == "sample" and not row.sample else problem.field
        return Problem(problem.code, problem.message, field, "", row.line, row_label="result")
    ours = VERB_FIELDS.get(problem.field, problem.field)
    if ours == "sample" and not row.sample:
        ours = "lot"
    message = problem.message
    if ours == "lab":
        message += ": correct the lab's name on its page"
    return Problem(problem.code, message, layout.column_of(ours) if ours in layout.columns else ours, file,
                   row.line)
