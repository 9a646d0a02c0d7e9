"""How fast the FSMA 204 spreadsheet is made (issue 12), through the command a person runs.

Each request runs `lotline fsma204 ... --xlsx FILE --json` in a process of its own against an
imported dataset, timed from start to exit, with that process's peak memory (wait4's rusage), so
"flat memory" can be read off: a request of 100 times the rows should not take 100 times the memory.
Requests: one product over the dataset's last year, and the trace both ways of lots from the
dataset's queries (a batch traced back, an ingredient lot with a large forward answer).

    LOTLINE_DATA_DIR=/tmp/ds1m/db LOTLINE_TODAY=2033-02-21 .venv/bin/python -m bench.fsma204 /tmp/ds1m/csv
    DATABASE_URL=postgresql://... .venv/bin/python -m bench.fsma204 /tmp/ds1m/csv

Prints one line per request and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from bench import timed
from bench.datasets import as_of


def _run(args: list[str], env: dict[str, str]) -> dict:
    """Run one request; its answer, wall seconds and peak memory (MiB, of that process alone)."""
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "records.xlsx"
        answer, seconds, peak = timed.run(["fsma204", *args, "--xlsx", str(book)], env)
        size = book.stat().st_size
    return {"args": args, "seconds": round(seconds, 2), "peak_mib": round(peak, 1), "rows": answer["rows"],
            "xlsx_bytes": size}


def _subjects(folder: Path) -> list[tuple[str, str]]:
    """(label, lot code) to trace: the median backward query's batch and the largest forward query's lot."""
    with (folder / "queries.csv").open(newline="") as f:
        queries = list(csv.DictReader(f))
    back = sorted((q for q in queries if q["kind"] == "backward"), key=lambda q: int(q["result_count"]))
    forward = sorted((q for q in queries if q["kind"] == "forward"), key=lambda q: int(q["result_count"]))
    return [("trace of a batch (median backward query)", back[len(back) // 2]["subject"]),
            ("trace of the ingredient lot reaching most batches", forward[-1]["subject"])]


def _product(folder: Path) -> str:
    with (folder / "items.csv").open(newline="") as f:
        return next(r["item_code"] for r in csv.DictReader(f) if r["kind"] == "product")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="the dataset's CSV folder (its queries.csv and items.csv)")
    o = parser.parse_args()
    env = {**os.environ, **as_of(o.dataset)}
    last = dt.date.fromisoformat(env.get("LOTLINE_TODAY") or dt.datetime.now(dt.UTC).date().isoformat())
    product = _product(o.dataset)
    requests = [(f"one product ({product}) over a year", ["--item", product, "--from",
                                                           (last - dt.timedelta(days=365)).isoformat(),
                                                           "--to", last.isoformat()])]
    requests += [(label, ["--trace", code]) for label, code in _subjects(o.dataset)]
    results = []
    for label, args in requests:
        result = _run(args, env) | {"request": label}
        print(json.dumps(result), flush=True)
        results.append(result)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"\n| request ({database}) | rows (Receiving / Transformation / Shipping) | seconds | peak MiB | XLSX |")
    print("|---|---|---|---|---|")
    for r in results:
        rows = " / ".join(f"{r['rows'].get(s, 0):,}" for s in ("Receiving", "Transformation", "Shipping"))
        print(f"| {r['request']} | {rows} | {r['seconds']} | {r['peak_mib']} | {r['xlsx_bytes'] / 2**20:.1f} MiB |")


if __name__ == "__main__":
    main()
