"""The lab's certificate of analysis: checked (a PDF, within COA_MAX_BYTES), stored once by the SHA-256
of its bytes, named in the results' event by that hash, its file name and size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from lotline.errors import ErrorCode, LotlineError
from lotline.lengths import too_long

from .lengths import LENGTHS
from .models import CoaFile

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Coa:
    """A certificate as an event names it."""

    sha256: str
    name: str
    size: int

    def as_payload(self) -> dict[str, object]:
        return {"sha256": self.sha256, "name": self.name, "size": self.size}


def checked_coa(content: bytes | None, name: str) -> tuple[Coa, bytes] | None:
    """The certificate and its bytes, or None when there is none; LotlineError (field coa) when it is
    not a PDF or is too large."""
    if content is None or content == b"":
        return None
    limit = settings.COA_MAX_BYTES
    if len(content) > limit:
        raise LotlineError(ErrorCode.FILE_TOO_LARGE, f"the certificate has {len(content):,} bytes: at most {limit:,} "
                           "(COA_MAX_BYTES)", field="coa")
    if not content.startswith(PDF_MAGIC):
        raise LotlineError(ErrorCode.NOT_A_PDF, "the certificate of analysis is not a PDF (it does not start with "
                           "%PDF-): attach the lab's PDF", field="coa")
    name = " ".join(name.split()) or "certificate.pdf"
    if why := too_long(name, LENGTHS["coa_name"]):
        raise LotlineError(ErrorCode.TOO_LONG, f"the file name: {why}", field="coa_name")
    return Coa(hashlib.sha256(content).hexdigest(), name, len(content)), content


def keep(coa: Coa, content: bytes) -> None:
    """Store the bytes (inside the results' writing()); the same certificate twice is kept once."""
    if not CoaFile.objects.filter(sha256=coa.sha256).exists():
        CoaFile.objects.create(sha256=coa.sha256, content=content, size=coa.size)


def coa_bytes(sha256: str) -> bytes | None:
    """The certificate's bytes, or None when they are not stored."""
    content = CoaFile.objects.filter(sha256=sha256).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None
