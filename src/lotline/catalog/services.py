"""Adding and changing catalog records: each a named verb that appends an event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Upper

from lotline.accounts.rights import Right, require
from lotline.errors import ErrorCode, LotlineError, Problem, place
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing

from .specs import SPECS, Kind, Spec

TRUE_WORDS = {"1", "true", "yes", "y", "x"}


@dataclass
class CheckedRecords:
    """Catalog rows that passed their checks, the ones already recorded, and the problems found."""

    spec: Spec
    new: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def _clean(spec: Spec, raw: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for f in spec.fields:
        value = raw.get(f.name)
        value = f.default if value is None else value
        if f.kind == Kind.FLAG:
            value = value if isinstance(value, bool) else str(value).strip().lower() in TRUE_WORDS
        elif isinstance(value, str):
            value = value.strip()
        row[f.name] = value
    return row


def check_records(entity: str, rows: Sequence[dict[str, Any]], *, file: str = "",
                  row_label: str = "row") -> CheckedRecords:
    """Check new catalog rows: required fields, codes, choices, and duplicates of what is recorded.
    A problem names its row: `row_label` and the row's "line" (a file's), else its place in `rows`."""
    spec = SPECS[entity]
    result = CheckedRecords(spec)
    seen: dict[str, int] = {}
    for i, raw in enumerate(rows, 1):
        n = raw.get("line", i)
        row = _clean(spec, raw)
        bad = spec.problems(row)
        result.problems += [Problem(code, msg, f, file, n, row_label) for f, code, msg in bad]
        key = row[spec.key]
        if key.upper() in seen:  # codes are the same whatever their case
            first = place(file, seen[key.upper()], row_label)
            result.problems.append(Problem(ErrorCode.DUPLICATE_CODE, f"{spec.entity} {key} appears twice (first at "
                                           f"{first})", spec.key, file, n, row_label))
        elif not bad:
            seen[key.upper()] = n
            result.new.append(row | {"_at": (file, n, row_label)})
    _drop_recorded(result)
    return result


def _drop_recorded(result: CheckedRecords) -> None:
    """Rows whose key is already recorded: identical ones are skipped, different ones refused, and
    so is a key recorded in another case (the keys passed the code rule: ASCII, so upper() is SQL's)."""
    spec = result.spec
    keys = [r[spec.key].upper() for r in result.new]
    stored: dict[str, Any] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found = spec.records.annotate(code_key=Upper(spec.key)).filter(code_key__in=chunk)
        stored |= {getattr(o, spec.key).upper(): o for o in found}
    fresh = []
    for row in result.new:
        old = stored.get(row[spec.key].upper())
        if old is None:
            fresh.append(row)
            continue
        if getattr(old, spec.key) != row[spec.key]:
            result.problems.append(Problem(ErrorCode.DUPLICATE_CODE,
                                           f"{spec.entity} {row[spec.key]} is already recorded "
                                           f"as {getattr(old, spec.key)} (codes are the same whatever their "
                                           "case)", spec.key, *row["_at"]))
            continue
        diff = [f"{c} {getattr(old, c)!r} not {row[c]!r}" for c in spec.columns if getattr(old, c) != row[c]]
        if diff:
            result.problems.append(Problem(ErrorCode.DUPLICATE_CODE,
                                           f"{spec.entity} {row[spec.key]} is already recorded "
                                           f"with other data ({', '.join(diff)})", spec.key, *row["_at"]))
        else:
            result.unchanged += 1
    result.new = fresh


def write_records(checked: CheckedRecords, *, actor: str, chunk: int = 5000, source: str = "") -> int:
    """Record checked rows as events of at most `chunk` records. Runs inside ledger.writing()."""
    require(actor, Right.MANAGE)
    spec = checked.spec
    for start in range(0, len(checked.new), chunk):
        rows = checked.new[start:start + chunk]
        payload: dict[str, Any] = {spec.plural: {"columns": spec.columns,
                                                 "rows": [[r[c] for c in spec.columns] for r in rows]}}
        if source:
            payload["source"] = {"file": source}
        subject = rows[0][spec.key] if len(rows) == 1 else source
        record(spec.event, payload, actor=actor, site=rows[0]["code"] if spec.entity == "site" else "",
               subject=subject)
    return len(checked.new)


def add_records(entity: str, rows: Sequence[dict[str, Any]], *, actor: str) -> int:
    """Add catalog records (sites, suppliers, customers, items); refuse all if any is wrong."""
    with writing():
        require(actor, Right.MANAGE)
        checked = check_records(entity, rows)
        if checked.problems:
            raise LotlineError(checked.problems[0].code, f"the {entity} was not added", problems=checked.problems)
        return write_records(checked, actor=actor)


def add_site(code: str, name: str, *, address: str = "", actor: str) -> None:
    add_records("site", [{"code": code, "name": name, "address": address}], actor=actor)


def add_supplier(ref: str, name: str, *, contact: str = "", address: str = "", actor: str) -> None:
    add_records("supplier", [{"ref": ref, "name": name, "contact": contact, "address": address}], actor=actor)


def add_customer(ref: str, name: str, kind: str, *, contact: str = "", address: str = "", actor: str) -> None:
    add_records("customer", [{"ref": ref, "name": name, "kind": kind, "contact": contact, "address": address}],
                actor=actor)


def add_item(code: str, name: str, kind: str, unit: str, *, allergens: str = "", number_format: str = "date",
             on_traceability_list: bool = False, actor: str) -> None:
    add_records("item", [{"code": code, "name": name, "kind": kind, "unit": unit, "allergens": allergens,
                          "number_format": number_format, "on_traceability_list": on_traceability_list}],
                actor=actor)


def update_record(entity: str, key: str, changes: dict[str, Any], *, actor: str) -> None:
    """Change fields of a catalog record (not its code: codes are printed on labels and invoices)."""
    spec = SPECS[entity]
    with writing():
        require(actor, Right.MANAGE)
        obj = spec.records.filter(**{spec.key: key}).first()
        if obj is None:
            raise LotlineError(spec.unknown, f"no {entity} {key!r}", field=spec.key)
        unknown = set(changes) - set(spec.columns) | ({spec.key} & set(changes))
        if unknown:
            raise LotlineError(ErrorCode.NOT_CHANGEABLE, f"cannot change {', '.join(sorted(unknown))} of a {entity}",
                               field=sorted(unknown)[0])
        row = _clean(spec, {c: getattr(obj, c) for c in spec.columns} | changes)
        bad = spec.problems(row)
        if bad:
            raise LotlineError(bad[0][1], bad[0][2], field=bad[0][0],
                               problems=[Problem(c, m, f) for f, c, m in bad])
        changed = {c: row[c] for c in changes if row[c] != getattr(obj, c)}
        if changed:
            record(EventKind.CATALOG_UPDATED, {"entity": entity, "key": key, "changes": changed, "located": True},
                   actor=actor,
                   subject=key)
