"""A logged request's file in memory, for the pages and the API to send: the XLSX workbook, or the
CSV files in one ZIP. Each is `services.produce`, so each is logged as produced."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from lotline.accounts.rights import Who

from . import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(request_id: str, *, actor: Who) -> tuple[str, bytes]:
    """(file name, XLSX bytes) of a request's spreadsheet."""
    name = str(services.find_request(request_id))
    out = io.BytesIO()
    services.produce(name, xlsx=out, actor=actor)
    return f"{name}-fsma204.xlsx", out.getvalue()


def csv_zip(request_id: str, *, actor: Who) -> tuple[str, bytes]:
    """(file name, ZIP bytes) of a request's CSV files, one per sheet, in a folder named after it."""
    name = str(services.find_request(request_id))
    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        services.produce(name, csv_dir=folder, actor=actor)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, f"{name}-fsma204/{path.name}")
    return f"{name}-fsma204-csv.zip", out.getvalue()
