"""GS1 on our labels: the element string and the Digital Link URI a unit's codes carry, and reading
back whatever a scanner or a phone gives (biip parses and checks; nothing here encodes a symbol).

A unit is (01) GTIN-14, (10) our batch number, (17) its best-by when known, (21) its serial when the
product is serialised. A lot code GS1 cannot carry in AI 10 (more than 20 characters, or characters
outside GS1's set) is refused for the GS1 symbols; its QR then holds the lot's Lotline address.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import biip
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message

from lotline.codes import InUrl
from lotline.errors import ErrorCode, LotlineError

# GS1's character set 82 (the General Specifications, 7.11): what AI 10 and AI 21 may hold
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")
# a scanner's output that is a GS1 element string: a symbology identifier, a group separator, or
# (01) GTIN-14 followed by another AI, typed raw
RAW = re.compile(r"^(\][A-Za-z]\d|.*\x1d|01\d{14}(10|17|21))", re.DOTALL)
LOT_URL = re.compile(r"/lots/(?P<code>[^/]+)/?$")


@dataclass(frozen=True)
class UnitCode:
    """What one label's codes say of its unit."""

    gtin: str | None
    lot: str
    serial: str | None = None
    best_by: dt.date | None = None

    @property
    def hri(self) -> str:
        """The bracketed element string, as printed under a GS1 symbol: (01)...(17)...(10)...(21)... (the
        fixed-length AIs first, as GS1 advises: no separator needed after them)."""
        parts = [f"(01){self.gtin}"]
        if self.best_by:
            parts.append(f"(17){self.best_by:%y%m%d}")
        parts.append(f"(10){self.lot}")
        if self.serial:
            parts.append(f"(21){self.serial}")
        return "".join(parts)


def gs1_ready(code: UnitCode) -> str:
    """The checked element string (bracketed) for a GS1 symbol, or not_gs1_lot saying why not."""
    if not code.gtin:
        raise LotlineError(ErrorCode.NOT_GS1_LOT, "a GS1 DataMatrix or GS1-128 needs the product's GTIN: give the "
                           "item one, or print only a QR code (--symbols qr)", field="symbols")
    for what, value in (("batch number", code.lot), ("serial", code.serial)):
        if value is not None and not CSET82.match(value):
            raise LotlineError(ErrorCode.NOT_GS1_LOT, f"the {what} {value!r} cannot go in a GS1 code (up to 20 "
                               "letters, digits and - . / _ without spaces): print only a QR code (--symbols qr)",
                               field="symbols")
    try:
        return GS1Message.parse_hri(code.hri).as_hri()
    except biip.ParseError as error:  # the GTIN was checked when the item was saved; this is the last guard
        raise LotlineError(ErrorCode.NOT_GS1_LOT, f"{code.hri} is not a GS1 element string: {error}",
                           field="symbols") from None


def digital_link(code: UnitCode, resolver: str) -> str:
    """The GS1 Digital Link URI on `resolver`: https://<resolver>/01/<GTIN>/10/<lot>[/21/<serial>][?17=...]."""
    uri = GS1DigitalLinkURI.from_element_strings(GS1Message.parse_hri(gs1_ready(code)).element_strings).as_uri()
    parts = urlsplit(uri)
    return resolver.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def lot_address(lot: str, base: str) -> str:
    """A lot's page in Lotline, for the QR of a product without a GTIN."""
    return f"{base.rstrip('/')}/lots/{InUrl().to_url(lot)}/"


def scanned(text: str) -> UnitCode | None:
    """What a scanned or typed code says, when it is one of ours: a Digital Link URI, a Lotline lot
    address, a bracketed element string, or a raw one (group separators, a symbology identifier such
    as ]d2, ]C1, ]Q3). None when the text is none of these (an ordinary lot code)."""
    text = text.strip("\r\n ")
    if text.lower().startswith(("http://", "https://")):
        return _from_address(text)
    try:
        if text.startswith("(01)"):
            return _unit(GS1Message.parse_hri(text))
        if RAW.match(text):
            message = biip.parse(text).gs1_message
            return _unit(message) if message else None
    except biip.ParseError:
        return None
    return None


def _from_address(text: str) -> UnitCode | None:
    if "/01/" in text:
        try:
            return _unit(GS1DigitalLinkURI.parse(text).as_gs1_message())
        except biip.ParseError:
            return None
    if found := LOT_URL.search(urlsplit(text).path):
        return UnitCode(gtin=None, lot=InUrl().to_python(unquote(found["code"])))
    return None


def _unit(message: GS1Message) -> UnitCode | None:
    def value(ai: str) -> str | None:
        found = message.element_strings.get(ai=ai)
        return found.value if found else None

    best_by = message.element_strings.get(ai="17")
    lot = value("10")
    return UnitCode(gtin=value("01"), lot=lot, serial=value("21"), best_by=best_by.date if best_by else None) \
        if lot else None
