"""How fast `lotline compare` is on a product with 10,000 batches (issue 15), through the command a person runs.

Writes a crafted history as import files (strawberry jam made 8 times a day for 1,250 days at two sites,
each day's strawberries from one of four suppliers, one of which fails most batches; sugar, pectin and
lemon juice a lot a month; three kettles and five people at random), imports it into an empty database
(`lotline migrate`, `lotline import`), then runs `lotline compare A B --json` and `lotline compare --best
yield B --json`, each in a process of its own, timed from start to exit with its peak memory (bench.timed),
and the comparison alone in-process (compare_batches, with the number of SQL statements it ran).

    .venv/bin/python -m bench.compare                # SQLite, in a temporary data folder
    .venv/bin/python -m bench.compare --postgres     # a throwaway PostgreSQL server (bench.postgres)

Prints one line per measure and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOTLINE = Path(sys.executable).with_name("lotline")

SUPPLIERS = [("VALLEY", "Valley Farm"), ("HILL", "Hillside Orchard"), ("SUNNY", "Sunny Acres"),
             ("BADBERRY", "Bad Berry Co")]
POOR_CHANCE = {"BADBERRY": 0.6}  # the cause: others fail 1 batch in 20
PEOPLE = ["maria", "sam", "lee", "ana", "tom"]
KETTLES = ["KETTLE1", "KETTLE2", "KETTLE3"]
PER_DAY = 8
LAST_DAY = dt.date(2026, 6, 30)  # fixed, so the files are the same on every run (and never in the future)


def _write(folder: Path, name: str, header: list[str], rows: list[list[object]]) -> None:
    with (folder / name).open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_history(folder: Path, batches: int, seed: int = 15) -> tuple[dt.date, dt.date]:
    """The import files of one product with `batches` batches; its first and last day."""
    rnd = random.Random(seed)
    days = -(-batches // PER_DAY)
    last = LAST_DAY
    first = last - dt.timedelta(days=days)
    _write(folder, "sites.csv", ["site_code", "name"], [["K1", "Kitchen one"], ["K2", "Kitchen two"]])
    _write(folder, "suppliers.csv", ["supplier_id", "name"], [list(s) for s in SUPPLIERS] + [["COSTCO", "Costco"]])
    _write(folder, "items.csv", ["item_code", "name", "kind", "unit", "shelf_life_days"], [
        ["STRAW", "Strawberries", "ingredient", "kg", ""], ["SUGAR", "Cane sugar", "ingredient", "kg", ""],
        ["PECTN", "Pectin", "ingredient", "kg", ""], ["LEMON", "Lemon juice", "ingredient", "l", ""],
        ["SJ", "Strawberry jam", "product", "unit", "365"]])
    receipts, made, inputs = [], [], []
    monthly: dict[str, str] = {}
    n = 0
    for d in range(days):
        day = first + dt.timedelta(days=d)
        supplier = rnd.choice(SUPPLIERS)[0]
        straw = f"STRAW-{d:05d}"
        receipts.append([straw, "STRAW", supplier, f"{supplier[:2]}-{d:05d}", "K1", day - dt.timedelta(days=1), 80,
                         "kg"])
        if d % 30 == 0:
            for item, qty, unit in (("SUGAR", 1000, "kg"), ("PECTN", 20, "kg"), ("LEMON", 10, "l")):
                monthly[item] = f"{item}-{d:05d}"
                receipts.append([monthly[item], item, "COSTCO", f"C-{item}-{d}", "K1", day, qty, unit])
        for _ in range(PER_DAY):
            if n == batches:
                break
            n += 1
            code = f"SJ-{n:06d}"
            failed = rnd.random() < POOR_CHANCE.get(supplier, 0.05)
            discarded = rnd.choice([0, 0, 0, 1, 2, 4])
            made.append([code, "SJ", rnd.choice(["K1", "K2"]), day, 30, discarded, "unit",
                         "failed" if failed else "active", rnd.choice(PEOPLE), rnd.choice(KETTLES)])
            inputs += [[code, straw, rnd.choice([8, 8, 9]), "kg"], [code, monthly["SUGAR"], 4, "kg"],
                       [code, monthly["PECTN"], "0.06", "kg"], [code, monthly["LEMON"], "30", "ml"]]
    _write(folder, "receipts.csv", ["lot_code", "item_code", "supplier_id", "supplier_lot", "site_code", "received_on",
                                    "quantity", "unit"], receipts)
    _write(folder, "batches.csv", ["batch_code", "product_code", "site_code", "produced_on", "quantity_produced",
                                   "quantity_discarded", "unit", "status", "made_by", "equipment"], made)
    _write(folder, "batch_inputs.csv", ["batch_code", "input_lot_code", "quantity", "unit"], inputs)
    return first, last


def _pick(folder: Path) -> tuple[str, str]:
    """A: a good batch made with Valley Farm's strawberries; B: a failed one made with Bad Berry Co's."""
    with (folder / "receipts.csv").open(newline="") as f:
        supplier_of = {r["lot_code"]: r["supplier_id"] for r in csv.DictReader(f)}
    with (folder / "batch_inputs.csv").open(newline="") as f:
        straw = {r["batch_code"]: supplier_of[r["input_lot_code"]] for r in csv.DictReader(f)
                 if r["input_lot_code"].startswith("STRAW")}
    with (folder / "batches.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    mid = len(rows) // 2
    a = next(r["batch_code"] for r in rows[mid:] if r["status"] == "active" and straw[r["batch_code"]] == "VALLEY"
             and r["quantity_discarded"] == "0")
    b = next(r["batch_code"] for r in rows[mid:] if r["status"] == "failed" and straw[r["batch_code"]] == "BADBERRY")
    return a, b


IN_PROCESS = """
import json, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lotline.compare.queries import compare_batches
a, b, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
seconds, cpu = [], []
for _ in range(runs):
    with CaptureQueriesContext(connection) as queries:
        start, started = time.perf_counter(), time.process_time()
        compare_batches(a, b)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "statements": len(queries.captured_queries)}))
"""


def _run(args: list[str], env: dict[str, str]) -> tuple[dict, float, float, float]:
    """`lotline ARGS --json` in a process of its own: its answer, wall and CPU seconds (user + system: what the
    machine's load does not change) and peak MiB (wait4's rusage, as bench.timed)."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        child = subprocess.Popen([str(LOTLINE), *args, "--json"], stdout=out, stderr=subprocess.DEVNULL, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"lotline {' '.join(args)} failed")
        out.seek(0)
        return json.load(out), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(env: dict[str, str], files: Path, runs: int) -> tuple[list[dict], dict]:
    """Import the files into the empty database of `env`, then time the comparisons."""
    subprocess.run([str(LOTLINE), "migrate", "-v0"], env=env, check=True)
    start = time.perf_counter()
    imported = subprocess.run([str(LOTLINE), "import", str(files), "--json", "--as", "bench"], env=env,
                              capture_output=True, text=True)
    if imported.returncode:
        raise SystemExit(f"lotline import failed: {imported.stderr.strip()}")
    print(json.dumps({"import_seconds": round(time.perf_counter() - start, 1)}), flush=True)
    a, b = _pick(files)
    results = []
    for label, args in ((f"lotline compare {a} {b}", ["compare", a, b]),
                        (f"lotline compare --best yield {b}", ["compare", "--best", "yield", b])):
        taken = [_run(args, env) for _ in range(runs)]
        answer = taken[0][0]
        top = answer["differences"][0]
        result = {"command": label, "seconds": round(statistics.median(r[1] for r in taken), 2),
                  "cpu_seconds": round(statistics.median(r[2] for r in taken), 2),
                  "peak_mib": round(statistics.median(r[3] for r in taken), 1),
                  "history": answer["history"]["batches"], "first": f"{top['key']}: {top['explanation']}"}
        print(json.dumps(result), flush=True)
        results.append(result)
    inner = subprocess.run([sys.executable, "-c", IN_PROCESS, a, b, str(runs)], env=env, check=True,
                           capture_output=True, text=True)
    measured = json.loads(inner.stdout)
    print(json.dumps(measured), flush=True)
    return results, measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="times each measure is taken (the median is shown)")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL server")
    o = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        files, data = Path(tmp) / "csv", Path(tmp) / "data"
        files.mkdir()
        write_history(files, o.batches)
        env = {**os.environ, "LOTLINE_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "lotline.settings"}
        if o.postgres:
            from bench.postgres import throwaway_server

            server = stack.enter_context(throwaway_server())
            server.create("compare")
            env["DATABASE_URL"] = server.url("compare")
        results, measured = measure(env, files, o.runs)
    database = "PostgreSQL" if o.postgres else "SQLite"
    load = os.getloadavg()[0]
    print(f"\n| {o.batches:,} batches of one product ({database}; load {load:.1f}) | wall s | CPU s | peak MiB |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| `{r['command']}` (a process of its own) | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mib']} |")
    print(f"| `compare_batches(A, B)` in-process, {measured['statements']} SQL statements | "
          f"{statistics.median(measured['seconds']):.2f} | {statistics.median(measured['cpu_seconds']):.2f} | |")
    print(f"\nFirst difference: {results[0]['first']}")


if __name__ == "__main__":
    main()
