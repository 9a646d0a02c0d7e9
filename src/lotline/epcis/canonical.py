"""GS1 identifiers in the one form the EPCIS event hash compares them in: the canonical GS1 Digital Link URI.

CBV 2.0 section 8.9 turns EPC URNs (``urn:epc:id:sgtin:…``, ``urn:epc:class:lgtin:…``, ``urn:epc:idpat:…``)
and GS1 Digital Link URIs on any domain into ``https://id.gs1.org/…`` with the finest key only (a serial
wins over a lot, no CPV, no query string), so one lot named either way hashes alike. Anything else (a
private URI such as ``https://id.lotline.example/lot/…``, a malformed key) is left as it is. The rules
and their limits follow GS1's reference implementation (epcis-event-hash-generator 1.9.3, dl_normaliser).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# One character of an EPC URN's serial, lot or asset reference (TDS 2.0, as percent-encoded there).
_CHAR = r"(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])"
_CPI_CHAR = r"(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])"
# One character a Digital Link key qualifier may carry once canonical (GS1 AI encodable set 82, unescaped).
_DL_CHAR = r"[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]"


def _check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit: weights 3, 1, 3, … from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str(-total % 10)


def _with_check(digits: str) -> str:
    return digits + _check_digit(digits)


_ESCAPES = str.maketrans({char: f"%{ord(char):02X}" for char in "!()*+,:"})


def _escape(value: str) -> str:
    """Percent-encode what a Digital Link path segment may not carry bare but an EPC URN may."""
    return value.translate(_ESCAPES)


def _gtin(p: dict[str, str]) -> str:
    """GTIN-14 from an EPC's company prefix and item reference (indicator digit first)."""
    return _with_check(p["ref"][0] + p["gcp"] + p["ref"][1:])


_Builder = Callable[[dict[str, str]], str]
# EPC URN prefix -> (pattern of the rest, digits the company prefix and reference add up to, Digital Link path)
_EPC_URNS: dict[str, tuple[str, int | None, _Builder]] = {
    "id:sgtin": (rf"\.(?P<ref>\d+)\.(?P<ser>{_CHAR}{{1,20}})", 13, lambda p: f"01/{_gtin(p)}/21/{_escape(p['ser'])}"),
    "id:sscc": (r"\.(?P<ref>\d+)", 17, lambda p: "00/" + _with_check(p["ref"][0] + p["gcp"] + p["ref"][1:])),
    "id:sgln": (
        rf"\.(?P<ref>\d*)\.(?P<ser>{_CHAR}{{1,20}})",
        12,
        lambda p: "414/" + _with_check(p["gcp"] + p["ref"]) + ("" if p["ser"] == "0" else "/254/" + _escape(p["ser"])),
    ),
    "id:grai": (
        rf"\.(?P<ref>\d*)\.(?P<ser>{_CHAR}{{1,16}})",
        12,
        lambda p: "8003/" + _with_check("0" + p["gcp"] + p["ref"]) + _escape(p["ser"]),
    ),
    "id:giai": (rf"\.(?P<ser>{_CHAR}{{1,24}})", None, lambda p: "8004/" + p["gcp"] + _escape(p["ser"])),
    "id:gsrn": (r"\.(?P<ref>\d+)", 17, lambda p: "8018/" + _with_check(p["gcp"] + p["ref"])),
    "id:gsrnp": (r"\.(?P<ref>\d+)", 17, lambda p: "8017/" + _with_check(p["gcp"] + p["ref"])),
    "id:gdti": (
        rf"\.(?P<ref>\d*)\.(?P<ser>{_CHAR}{{0,19}})",
        12,
        lambda p: "253/" + _with_check(p["gcp"] + p["ref"]) + _escape(p["ser"]),
    ),
    "id:cpi": (
        rf"\.(?P<ref>{_CPI_CHAR}{{1,24}})\.(?P<ser>\d{{1,12}})",
        None,
        lambda p: f"8010/{_escape(p['gcp'] + p['ref'])}/8011/{p['ser']}",
    ),
    "id:sgcn": (
        r"\.(?P<ref>\d*)\.(?P<ser>\d{1,12})",
        12,
        lambda p: "255/" + _with_check(p["gcp"] + p["ref"]) + p["ser"],
    ),
    "id:ginc": (rf"\.(?P<ser>{_CHAR}{{1,24}})", None, lambda p: "401/" + p["gcp"] + _escape(p["ser"])),
    "id:gsin": (r"\.(?P<ref>\d+)", 16, lambda p: "402/" + _with_check(p["gcp"] + p["ref"])),
    "id:itip": (
        rf"\.(?P<ref>\d+)\.(?P<piece>\d\d)\.(?P<total>\d\d)\.(?P<ser>{_CHAR}{{1,20}})",
        13,
        lambda p: f"8006/{_gtin(p)}{p['piece']}{p['total']}/21/{_escape(p['ser'])}",
    ),
    "id:upui": (rf"\.(?P<ref>\d+)\.(?P<ser>{_CHAR}{{1,28}})", 13, lambda p: f"01/{_gtin(p)}/235/{_escape(p['ser'])}"),
    "id:pgln": (r"\.(?P<ref>\d*)", 12, lambda p: "417/" + _with_check(p["gcp"] + p["ref"])),
    "class:lgtin": (
        rf"\.(?P<ref>\d+)\.(?P<ser>{_CHAR}{{1,20}})",
        13,
        lambda p: f"01/{_gtin(p)}/10/{_escape(p['ser'])}",
    ),
    "idpat:sgtin": (r"\.(?P<ref>\d+)\.\*", 13, lambda p: "01/" + _gtin(p)),
    "idpat:grai": (r"\.(?P<ref>\d*)\.\*", 12, lambda p: "8003/" + _with_check("0" + p["gcp"] + p["ref"])),
    "idpat:gdti": (r"\.(?P<ref>\d*)\.\*", 12, lambda p: "253/" + _with_check(p["gcp"] + p["ref"])),
    "idpat:sgcn": (r"\.(?P<ref>\d*)\.\*", 12, lambda p: "255/" + _with_check(p["gcp"] + p["ref"])),
    "idpat:cpi": (rf"\.(?P<ref>{_CPI_CHAR}{{1,24}})\.\*", None, lambda p: "8010/" + _escape(p["gcp"] + p["ref"])),
    "idpat:itip": (
        r"\.(?P<ref>\d+)\.(?P<piece>\d\d)\.(?P<total>\d\d)\.\*",
        13,
        lambda p: f"8006/{_gtin(p)}{p['piece']}{p['total']}",
    ),
    "idpat:upui": (r"\.(?P<ref>\d+)\.\*", 13, lambda p: "01/" + _gtin(p)),
}
# Free-text references (GIAI, GINC, CPI) are bounded by their total length, not by a digit count.
_MAX_FREE_TEXT = 30


def _from_epc_urn(uri: str) -> str | None:
    """The Digital Link of an EPC (class, pattern) URN; None when it is not a well-formed one."""
    head, _, rest = uri.partition(":")
    if head != "urn" or not rest.startswith("epc:"):
        return None
    kind, _, body = rest[4:].rpartition(":")
    known = _EPC_URNS.get(kind)
    match = re.fullmatch(r"(?P<gcp>\d{6,12})" + known[0], body) if known else None
    if known is None or match is None:
        return None
    parts = match.groupdict()
    digits = known[1]
    if digits is not None and len(parts["gcp"]) + len(parts["ref"]) != digits:
        return None
    if digits is None and len(parts["gcp"]) + len(parts.get("ref") or parts["ser"]) > _MAX_FREE_TEXT:
        return None
    return "https://id.gs1.org/" + known[2](parts)


_PRIMARY_KEYS = "00|01|253|255|401|402|414|417|8003|8004|8006|8010|8017|8018"
# A Digital Link URI on any domain, naming a primary key by its AI or its short name.
_DL_SHAPE = re.compile(
    r"https?://[^/?#]*/(?:[^?#]*/)?(?:01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn"
    r"|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)/\d{4}[^/]"
)
_DL_SHORT_NAMES = {
    "gtin": "01", "itip": "8006", "cpid": "8010", "gln": "414", "party": "417", "gsrnp": "8017", "gsrn": "8018",
    "gcn": "255", "sscc": "00", "gdti": "253", "ginc": "401", "gsin": "402", "grai": "8003", "giai": "8004",
    "cpv": "22", "lot": "10", "ser": "21",
}  # fmt: skip
_ON_ID_GS1 = re.compile(rf"https://id\.gs1\.org/(?:{_PRIMARY_KEYS})/\d{{4}}[^/]+")
_CPV = re.compile(rf"(https://id\.gs1\.org/(?:01/\d{{14}}|8006/\d{{18}}))/22/([/{_DL_CHAR[1:-1]}]{{0,20}})")
_LOT_AND_SERIAL = re.compile(rf"(https://id\.gs1\.org/(?:01/\d{{14}}|8006/\d{{18}}))/10/{_DL_CHAR}{{0,20}}(/21/.*)")
_C = _DL_CHAR
_CANONICAL_DL = re.compile(
    r"https://id\.gs1\.org/(?:"
    + "|".join(
        (
            r"00/\d{18}",
            rf"01/\d{{14}}(?:/21/{_C}{{0,20}}|/10/{_C}{{0,20}}|/235/{_C}{{0,28}})?",
            rf"253/\d{{13}}{_C}{{0,17}}",
            r"255/\d{13}\d{0,12}",
            rf"401/{_C}{{0,30}}",
            r"402/\d{17}",
            rf"414/\d{{13}}(?:/254/{_C}{{0,20}})?",
            r"417/\d{13}",
            rf"8003/\d{{14}}{_C}{{0,16}}",
            rf"8004/{_C}{{0,30}}",
            rf"8006/\d{{18}}(?:/21/{_C}{{0,20}}|/10/{_C}{{0,20}})?",
            r"8010/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}(?:/8011/\d{0,12})?",
            r"8017/\d{18}",
            r"8018/\d{18}",
        )
    )
    + r")"
)


def _from_digital_link(uri: str) -> str | None:
    """The canonical form of a Digital Link URI; None when it is not one the hash knows."""
    if not _DL_SHAPE.match(uri):
        return None
    uri = uri.split("?", 1)[0]
    for name, ai in _DL_SHORT_NAMES.items():
        uri = uri.replace(f"/{name}/", f"/{ai}/")
    if not _ON_ID_GS1.match(uri):
        # Another domain: keep the path from the primary key on (GS1's reference looks for the keys in this order).
        for ai in _PRIMARY_KEYS.split("|"):
            if f"/{ai}/" in uri:
                uri = "https://id.gs1.org" + uri[uri.index(f"/{ai}/") :]
                break
    gtin = re.match(r"https://id\.gs1\.org/01/(\d+)", uri)
    if gtin and len(gtin[1]) in (8, 12, 13):
        uri = uri.replace("/01/", "/01/" + "0" * (14 - len(gtin[1])), 1)
    if cpv := _CPV.fullmatch(uri):
        uri = cpv[1] + (cpv[2][cpv[2].index("/") :] if "/" in cpv[2] else "")
    if both := _LOT_AND_SERIAL.fullmatch(uri):
        uri = both[1] + both[2]
    return uri if _CANONICAL_DL.fullmatch(uri) else None


def canonical_identifier(uri: str) -> str | None:
    """The canonical GS1 Digital Link URI of an EPC URN or Digital Link URI, or None if it names no GS1 key."""
    if "." not in uri:
        return None
    return _from_epc_urn(uri) or _from_digital_link(uri)
