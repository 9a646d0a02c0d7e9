"""What `verify` checks of the plan's versions on every run (ledger/tallies.py): per version, the
SHA-256 of its text, the event that issued it and the one that superseded it, once from the events
and once from the table. A version removed, renumbered or given another digest in the table alone
differs; an edit of its text alone (digest kept) is left to `verify --rebuild`."""

from __future__ import annotations

from lotline.ledger.kinds import EventKind as K
from lotline.ledger.tallies import Sql, tally

COLUMNS = "plan_version sha256 issued_seq superseded_seq"


def versions_from_events(q: Sql) -> str:
    p = q.payload
    return f"""SELECT CAST({p} ->> 'version' AS TEXT) AS plan_version, {p} ->> 'sha256' AS sha256,
           e.seq AS issued_seq, LEAD(e.seq) OVER (ORDER BY e.seq) AS superseded_seq
    FROM ledger_event e WHERE e.kind = '{K.PLAN_ISSUED}'"""


def versions_from_tables(q: Sql) -> str:
    return """SELECT CAST(version AS TEXT) AS plan_version, sha256, issued_seq, superseded_seq FROM plan_version"""


tally("per plan version", COLUMNS, amounts="", from_events=versions_from_events, from_tables=versions_from_tables)
