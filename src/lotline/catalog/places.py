"""Location descriptions as FSMA 204 splits them, and the split of a one-line address written before.

Until the location fields existed, a site, supplier or customer had one `address` line. The
migration and the projector of those old events split it the same way, so rebuilding the read
tables from the log gives what the migration gave, and the parts joined again are the line.
"""

from __future__ import annotations

import re

# The fields of a location description, after the business name (FDA's 7-column block).
LOCATION = ("phone", "address", "city", "state", "zip_code", "country")
_STATE_ZIP = re.compile(r"^(?P<state>[A-Za-z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)$")
_COUNTRIES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america", "canada", "mexico"}


def one_line(address: str | None, city: str | None = "", state: str | None = "", zip_code: str | None = "",
             country: str | None = "") -> str:
    """A location's parts as one line for a letter or a table: '15 Elm St, Millbrook, NY 12545'."""
    region = " ".join(p for p in (state, zip_code) if p)
    return ", ".join(p for p in (address, city, region, country) if p)


def split_address(line: str) -> dict[str, str]:
    """'15 Elm St, Millbrook, NY 12545, USA' -> street, city, state, ZIP and country. A line with no
    comma stays the street; the last part before a state, ZIP or country is the city."""
    parts = [p.strip() for p in (line or "").split(",")]
    found = {"address": "", "city": "", "state": "", "zip_code": "", "country": ""}
    if len(parts) < 2:
        return found | {"address": (line or "").strip()}
    if parts[-1].lower() in _COUNTRIES:
        found["country"] = parts.pop()
    if len(parts) >= 2 and (m := _STATE_ZIP.match(parts[-1])):
        found["state"], found["zip_code"] = m["state"], m["zip"]
        parts.pop()
    if len(parts) >= 2:
        found["city"] = parts.pop()
    return found | {"address": ", ".join(parts)}
