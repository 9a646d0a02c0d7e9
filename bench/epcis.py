"""How fast an EPCIS 2.0 export is (issue 14), through the command a person runs.

Each request runs `lotline epcis export ... --out FILE --json` in a process of its own against an
imported dataset, timed from start to exit, with that process's peak memory (wait4's rusage): the
whole dataset's export should take no more memory than a trace's. Requests: everything, the
dataset's last quarter, and the trace both ways of the lots bench.fsma204 traces (a batch from the
median backward query, the ingredient lot reaching most batches).

    LOTLINE_DATA_DIR=/tmp/ds1m/db LOTLINE_TODAY=2033-02-21 .venv/bin/python -m bench.epcis /tmp/ds1m/csv

Prints one line per request and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from bench import timed
from bench.datasets import as_of
from bench.fsma204 import _subjects


def _run(args: list[str], env: dict[str, str], folder: Path) -> dict:
    """Run one export; its answer, wall seconds, peak memory (MiB, of that process alone) and file size."""
    document = folder / "epcis.jsonld"
    answer, seconds, peak = timed.run(["epcis", "export", *args, "--out", str(document)], env)
    size = document.stat().st_size
    document.unlink()
    return {"args": args, "seconds": round(seconds, 2), "peak_mib": round(peak, 1), "events": answer["events"],
            "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="the dataset's CSV folder (its queries.csv)")
    parser.add_argument("--skip-everything", action="store_true", help="leave out the whole dataset's export")
    o = parser.parse_args()
    env = {**os.environ, **as_of(o.dataset)}
    last = dt.date.fromisoformat(env.get("LOTLINE_TODAY") or dt.datetime.now(dt.UTC).date().isoformat())
    requests = [] if o.skip_everything else [("everything", [])]
    requests += [("the last quarter", ["--from", (last - dt.timedelta(days=91)).isoformat(), "--to", last.isoformat()])]
    requests += [(label, ["--trace", code]) for label, code in _subjects(o.dataset)]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, args in requests:
            result = _run(args, env, Path(tmp)) | {"request": label}
            print(json.dumps(result), flush=True)
            results.append(result)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"\n| export ({database}) | events | seconds | peak MiB | file |")
    print("|---|---|---|---|---|")
    for r in results:
        size = f"{r['bytes'] / 2**20:,.1f} MiB"
        print(f"| {r['request']} | {r['events']:,} | {r['seconds']} | {r['peak_mib']} | {size} |")


if __name__ == "__main__":
    main()
