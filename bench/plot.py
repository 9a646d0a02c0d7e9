"""docs/benchmarks-latency.png: each query's latency against the size of its answer, per tier.

Output-sensitive traces put the tiers on top of each other: at equal answer size, a million
batches cost what a thousand do. matplotlib is a bench-only dependency (pip install -e '.[bench]');
without it the plot is skipped with a note, and the tables still say the same.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

from .queries import KINDS

TIER_COLOURS = {"1k": "tab:green", "100k": "tab:blue", "1m": "tab:red"}
KIND_MARKERS = {"backward": "o", "forward": "^", "recall": "s"}
DB_TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def draw(tiers: dict[str, dict[str, Any]], path: Path) -> bool:
    """One panel per database; returns False (and says why) when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("docs/benchmarks-latency.png not redrawn: matplotlib is not installed "
              "(pip install -c constraints.txt -e '.[bench]')", file=sys.stderr)
        return False
    dbs = [db for db in DB_TITLES if any(t.get("lotline", {}).get(db, {}).get("queries") for t in tiers.values())]
    if not dbs:
        print(f"{path.name} not redrawn: no timed queries", file=sys.stderr)
        return False
    fig, axes = plt.subplots(1, len(dbs), figsize=(6.5 * len(dbs), 4.8), squeeze=False, sharey=True)
    for ax, db in zip(axes[0], dbs, strict=True):
        for tier, data in tiers.items():
            queries = data.get("lotline", {}).get(db, {}).get("queries", [])
            for kind in KINDS:
                points = [(max(q["answer"], 1), statistics.median(q["ms"])) for q in queries
                          if q["kind"] == kind and q["ms"]]
                if points:
                    xs, ys = zip(*points, strict=True)
                    ax.scatter(xs, ys, s=18, alpha=0.7, color=TIER_COLOURS.get(tier, "gray"),
                               marker=KIND_MARKERS[kind], label=f"{tier} {kind}")
        ax.set(xscale="log", yscale="log", title=f"Lotline on {DB_TITLES[db]}",
               xlabel="answer size (codes; 0 drawn at 1)", ylabel="latency, median of the warm runs (ms)")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
