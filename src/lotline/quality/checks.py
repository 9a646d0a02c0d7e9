"""What `verify` checks of the certificates of analysis on every run: every certificate an event names
is stored, and its bytes still hash to the SHA-256 the event carries (a tally cannot: SQLite has no
SHA-256). Certificates are few and small (COA_MAX_BYTES), so each is hashed in full."""

from __future__ import annotations

import hashlib
import json

from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.ledger.verification import extra_check

from .models import CoaFile

SHOWN = 5


@extra_check
def certificates() -> list[str]:
    named: dict[str, int] = {}
    for seq, payload in Event.objects.filter(kind__in=[EventKind.RESULTS_RECORDED, EventKind.RESULT_CORRECTED]
                                             ).values_list("seq", "payload").iterator():
        if '"sha256"' in payload:
            sha = (json.loads(payload).get("coa") or {}).get("sha256")
            if sha:
                named.setdefault(sha, seq)
    problems = []
    stored = {sha: bytes(content) for sha, content in
              CoaFile.objects.filter(sha256__in=list(named)).values_list("sha256", "content")}
    for sha, seq in sorted(named.items(), key=lambda x: x[1]):
        content = stored.get(sha)
        if content is None:
            problems.append(f"the certificate of analysis {sha[:12]}… named by event #{seq} is not stored")
        elif hashlib.sha256(content).hexdigest() != sha:
            problems.append(f"the certificate of analysis {sha[:12]}… named by event #{seq} was changed: its bytes no "
                            "longer match their SHA-256")
    return problems[:SHOWN] + ([f"and {len(problems) - SHOWN} more certificates"] if len(problems) > SHOWN else [])
