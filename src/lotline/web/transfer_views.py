"""Import and export pages: the spreadsheets in (the checks of `lotline import`) and back out.

The import runs inside the request. A background thread would need its own database connection
holding the ledger's write lock after the response went out (on SQLite, every other writer waits
on it), and its progress would live in a table of its own; for the sizes a page upload takes (a
shop's history: thousands of rows, seconds) the request is simpler and safe, with htmx showing the
upload's progress and a spinner while the rows are checked. Millions of rows belong to the CLI,
which draws a progress bar.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from lotline.accounts.rights import Right, sites_of
from lotline.errors import Forbidden, LotlineError
from lotline.imports.csvfiles import FORMATS
from lotline.imports.export import export_xlsx, export_zip
from lotline.imports.report import ImportRefused
from lotline.imports.services import import_dir
from lotline.imports.workbook import folder_of, save_uploads
from lotline.ledger.checkpoints import current_head

from .access import needs
from .once import new_token

FILE_NAMES = [Path(fmt.name).stem for fmt in FORMATS]


@needs(Right.RECORD)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload CSV files or one XLSX workbook; every row is checked, then all are recorded or none."""
    limited = sites_of(request.user)
    if limited is not None:
        # rows of an import may name any site; a person who records only at some may not import
        raise Forbidden("forbidden", f"staff who record only at {', '.join(sorted(limited))} may not import: an "
                        "import records at any site")
    context = {"files": FILE_NAMES, "once": new_token()}
    if request.method != "POST":
        return render(request, "web/import.html", context)
    dry_run = bool(request.POST.get("dry_run"))
    allow_overdraw = bool(request.POST.get("allow_overdraw"))
    context |= {"dry_run": dry_run, "allow_overdraw": allow_overdraw}
    # An import is idempotent (rows already recorded are skipped), so a double submission adds
    # nothing: no once-token needed here.
    with tempfile.TemporaryDirectory(prefix="lotline-upload-") as tmp:
        try:
            save_uploads(request.FILES.getlist("files"), Path(tmp))
            report = import_dir(folder_of(Path(tmp)), actor=request.user.get_username(),
                                allow_overdraw=allow_overdraw, dry_run=dry_run)
        except ImportRefused as refused:
            return render(request, "web/import.html", context | {"refused": refused, "problems": refused.rows},
                          status=400)
        except LotlineError as error:
            return render(request, "web/import.html", context | {"error": error}, status=400)
    return render(request, "web/import.html", context | {"report": report})


@needs(Right.EXPORT)
def export_page(request: HttpRequest) -> HttpResponse:
    """The page with the two downloads; ?format=zip or ?format=xlsx downloads the files."""
    kind = request.GET.get("format", "")
    if kind not in ("zip", "xlsx"):
        return render(request, "web/export.html", {"files": FILE_NAMES, "head": current_head()})
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, which deletes it)
    if kind == "zip":
        export_zip(out)
    else:
        export_xlsx(out)
    out.seek(0)
    name = f"lotline-{dt.date.today():%Y-%m-%d}.{kind}"  # noqa: DTZ011 (the user's calendar day)
    return FileResponse(out, as_attachment=True, filename=name)
